// The floor for `npm run bench`: a minimal node:http server that answers the same two questions as
// ForceReport and Compare with one hand-written SQL statement each and JSON.stringify. No GraphQL,
// no validation, no limits: what the hardware and PostgreSQL allow, to measure ours against.
// Run as: tsx bench/floor.ts <postgres-url> <port>
import { createServer } from 'node:http';
import pg from 'pg';

const [url, port] = [process.argv[2]!, Number(process.argv[3])];
const pool = new pg.Pool({ connectionString: url, max: 10 });

const FORCE_REPORT = `
  select json_build_object(
    'force', json_build_object('slug', fo.slug, 'name', fo.name, 'shortName', fo.short_name, 'region', fo.region, 'country', fo.country),
    'inspectionYear', json_build_object('slug', y.slug, 'label', y.label, 'year', y.year,
      'gradeScale', (select json_agg(upper(g.grade::text) order by g.grade) from inspection_year_grades g where g.inspection_year_id = y.id)),
    'pillar', upper(r.pillar::text), 'question', json_build_object('text', hq.text), 'lastUpdated', r.last_updated, 'sourceUrl', r.source_url,
    'grade', (select upper(h.grade::text) from findings h where h.report_id = r.id and h.question_id = r.headline_question_id),
    'summary', (select coalesce(json_agg(json_build_object('kind', b.kind, 'text', b.text, 'items', b.items) order by b.position), '[]')
      from content_blocks b join findings h on h.id = b.finding_id where h.report_id = r.id and h.question_id = r.headline_question_id),
    'findings', (select coalesce(json_agg(json_build_object(
        'question', json_build_object('key', q.key, 'text', q.text, 'graded', q.graded, 'position', q.position, 'theme', q.theme),
        'grade', upper(f.grade::text), 'carriedOverFrom', c.label,
        'content', (select coalesce(json_agg(json_build_object('kind', b.kind, 'text', b.text, 'items', b.items) order by b.position), '[]') from content_blocks b where b.finding_id = f.id),
        'areasForImprovement', (select coalesce(json_agg(a.text order by a.position), '[]') from areas_for_improvement a where a.finding_id = f.id),
        'causesOfConcern', (select coalesce(json_agg(json_build_object('text', cc.text,
            'recommendations', (select coalesce(json_agg(rc.text order by rc.position), '[]') from recommendations rc where rc.cause_of_concern_id = cc.id)) order by cc.position), '[]')
          from causes_of_concern cc where cc.finding_id = f.id)
      ) order by f.position), '[]')
      from findings f join questions q on q.id = f.question_id left join inspection_years c on c.id = f.carried_over_from_id
      where f.report_id = r.id and not q.headline)
  ) as report
  from reports r join forces fo on fo.id = r.force_id join inspection_years y on y.id = r.inspection_year_id
  left join questions hq on hq.id = r.headline_question_id
  where fo.slug = $1 and y.year = $2 and r.pillar = $3::pillar`;

const COMPARE = `
  with year as (select id, label from inspection_years where year = $2),
  qs as (select q.* from questions q join year on q.inspection_year_id = year.id where q.pillar = $3::pillar),
  fs as (select f.question_id, r.force_id, f.grade, c.label as carried from findings f join reports r on r.id = f.report_id
         left join inspection_years c on c.id = f.carried_over_from_id where f.question_id in (select id from qs))
  select json_build_object(
    'inspectionYear', json_build_object('label', (select label from year)),
    'forces', (select json_agg(json_build_object('slug', fo.slug, 'shortName', fo.short_name) order by array_position($1::text[], fo.slug)) from forces fo where fo.slug = any($1)),
    'rows', (select json_agg(json_build_object(
        'question', json_build_object('key', qs.key, 'text', qs.text, 'graded', qs.graded),
        'cells', (select json_agg(json_build_object('force', json_build_object('slug', fo.slug), 'grade', upper(fs.grade::text), 'carriedOverFrom', fs.carried)
                   order by array_position($1::text[], fo.slug))
                  from forces fo left join fs on fs.force_id = fo.id and fs.question_id = qs.id where fo.slug = any($1)),
        'distribution', (select json_agg(json_build_object('grade', upper(g.grade::text), 'count',
                           (select count(*) from fs where fs.question_id = qs.id and fs.grade = g.grade)) order by g.grade)
                         from inspection_year_grades g where g.inspection_year_id = (select id from year))
      ) order by qs.headline desc, qs.position) from qs)
  ) as compare`;

const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', async () => {
    try {
      const { operationName, variables = {} } = JSON.parse(body || '{}');
      const result =
        operationName === 'Compare'
          ? await pool.query(COMPARE, [variables.forces, variables.year ?? 2017, (variables.pillar ?? 'EFFECTIVENESS').toLowerCase()])
          : await pool.query(FORCE_REPORT, [
              variables.force ?? 'cambridgeshire',
              variables.year ?? 2017,
              (variables.pillar ?? 'EFFECTIVENESS').toLowerCase(),
            ]);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: result.rows[0] }));
    } catch (error) {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
    }
  });
});
server.listen(port, '127.0.0.1', () => console.log(`floor ready in 0 ms on ${port}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
