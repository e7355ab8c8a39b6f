// The cost of an operation is counted with its variables and the sizes its lists can reach, and an
// operation over MAX_COST is refused before anything runs (no SQL at all).
import { getIntrospectionQuery, getNamedType, getNullableType, isListType, isObjectType } from 'graphql';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GROUP_COUNTS, LIST_SIZES } from '../src/graphql/complexity.js';
import { wholeIntrospectionCost } from '../src/graphql/introspection-cost.js';
import { schema } from '../src/graphql/schema.js';
import { DEFAULT_LIMITS } from '../src/domain/limits.js';
import { graphqlClient, operationFile, seededApi } from './helpers/graphql.js';

const api = seededApi();

/** The fan-out that ran 65 s and grew the process by 2 GB: every limit but cost passed it. */
const FAN_OUT = `query FanOut($forces: [String!]!, $p: Int) {
  ${['a', 'b', 'c'].map((alias) => `${alias}: compare(forces: $forces, year: 2017) { rows { cells { finding { force { peers(year: 2017, first: $p) { force { findings { content { __typename } sources { kind } } } } } } } } }`).join('\n  ')}
}`;
const allForces = async () =>
  ((await api.execute('{ forces(first: 100) { nodes { slug } } }')).body.data.forces.nodes as { slug: string }[]).map((f) => f.slug);

describe('cost', () => {
  it("counts introspection: 15 aliased __schema refused with 400 COST_LIMIT_EXCEEDED, GraphiQL's own query answered", async () => {
    const full = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true });
    const fragments = full.slice(full.indexOf('fragment'));
    const fifteen = `{ ${Array.from({ length: 15 }, (_, i) => `s${i}: __schema { types { ...FullType } }`).join(' ')} } ${fragments}`;
    const refused = await api.execute(fifteen);
    expect(refused.status).toBe(400);
    // One whole introspection of the schema is the most an operation may ask, whatever MAX_COST allows.
    expect(refused.body.errors![0]).toMatchObject({ extensions: { code: 'COST_LIMIT_EXCEEDED', maxCost: wholeIntrospectionCost(schema) } });
    const twice = `{ ${Array.from({ length: 2 }, (_, i) => `s${i}: __schema { types { ...FullType } }`).join(' ')} } ${fragments}`;
    expect((await api.execute(twice)).status).toBe(400);
    const graphiql = await api.execute(full);
    expect(graphiql.status).toBe(200);
    expect(graphiql.body.data.__schema.queryType.name).toBe('Query');
    expect(graphiql.body.data.__schema.types.length).toBe(Object.keys(schema.getTypeMap()).length);
  });

  it('refuses the fan-out with first: 42 from a variable, before any SQL', async () => {
    const forces = await allForces();
    expect(forces).toHaveLength(43);
    const started = performance.now();
    const { status, body, statements } = await api.execute(FAN_OUT, { forces, p: 42 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(status).toBe(400);
    expect(statements).toBe(0);
    expect(body.errors![0]).toMatchObject({ extensions: { code: 'COST_LIMIT_EXCEEDED', maxCost: DEFAULT_LIMITS.maxCost } });
    expect(body.errors![0]!.message).toMatch(
      new RegExp(`^the operation could produce about \\d+ objects; at most ${DEFAULT_LIMITS.maxCost} are allowed \\(MAX_COST\\)`),
    );
  });

  it('counts `first` from a variable: the same deep selection passes for one finding and is refused for ten', async () => {
    const query = `query($n: Int) { findings(first: $n) { nodes { force { reports { findings { sources { kind } } } } } } }`;
    const small = await api.execute(query, { n: 1 });
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data.findings.nodes).toHaveLength(1);
    const large = await api.execute(query, { n: 10 });
    expect(large.status).toBe(400);
    expect((large.body.errors![0] as unknown as { extensions: { code: string } }).extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect(large.statements).toBe(0);
  });

  it('counts nodes(ids:) by the number of ids', async () => {
    const ids = Array.from({ length: 100 }, () => 'Rm9yY2U6MQ==');
    const cheap = await api.execute('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(cheap.body.errors).toBeUndefined();
    const deep = await api.execute(
      'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Force { reports { findings { content { __typename } } } } } }',
      { ids },
    );
    expect(deep.status).toBe(400);
    expect(deep.statements).toBe(0);
  });

  it('the shipped Compare over all 43 forces is within the limit', async () => {
    const { body } = await api.execute(
      operationFile('compare.graphql'),
      { forces: await allForces(), year: 2017, pillar: 'EFFECTIVENESS' },
      'Compare',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.compare.forces).toHaveLength(43);
  });

  it('counts the same with the response cache on, which adds __typename to every selection', async () => {
    const query = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: findings(first: 100) { nodes { sources { url } } }`).join(' ')} }`;
    const cached = graphqlClient(api.database, { cacheTtlMs: 60_000 });
    // 15 × (1 connection + 100 findings + 100 × 6 sources) = 10,515, with or without the cache.
    for (const client of [api, cached]) {
      const { status, body } = await client.execute(query);
      expect(status).toBe(400);
      expect(body.errors![0]!.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', cost: 10_515 });
    }
  });

  it('sizes gradeCounts by its groupBy: every dimension at once is refused in aliases, a year-by-year count is cheap', async () => {
    const all = 'gradeCounts(groupBy: [YEAR, PILLAR, QUESTION, THEME, REGION, COUNTRY, FORCE]) { findings distribution { count } }';
    const wide = await api.execute(`{ ${Array.from({ length: 6 }, (_, i) => `a${i}: ${all}`).join(' ')} }`);
    expect(wide.status).toBe(400);
    // 6 × (1,600 groups + 1,600 × 5 grades)
    expect(wide.body.errors![0]!.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', cost: 57_600 });
    const one = await api.execute(`{ ${all} }`);
    expect(one.status).toBe(200);
    expect(one.body.data.gradeCounts.length).toBeGreaterThan(1000);
    const byYear = await api.execute('{ gradeCounts(groupBy: [YEAR]) { year distribution { count } } }');
    expect(byYear.status).toBe(200);
    expect(byYear.body.data.gradeCounts).toHaveLength(7);
  });

  it('sizes every list field of the schema on purpose', () => {
    const unsized: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!isListType(getNullableType(field.type)) || !isObjectType(getNamedType(field.type))) continue;
        const sizedByArguments = ['edges', 'nodes', 'peers'].includes(field.name);
        if (!sizedByArguments && LIST_SIZES[`${type.name}.${field.name}`] === undefined) unsized.push(`${type.name}.${field.name}`);
      }
    }
    expect(unsized).toEqual([]);
  });
});

describe('list sizes', () => {
  it('hold the shipped data with room', async () => {
    const max = async (query: string) =>
      Number(((await api.database.db.execute(sql.raw(query))) as unknown as { rows: { n: number }[] }).rows[0]!.n);
    const checks: [string, string][] = [
      ['Report.findings', 'select max(c)::int as n from (select count(*) c from findings group by report_id) t'],
      ['Finding.content', 'select max(c)::int as n from (select count(*) c from content_blocks group by finding_id) t'],
      ['Finding.sources', 'select max(c)::int as n from (select count(*) c from finding_sources group by finding_id) t'],
      [
        'Finding.areasForImprovement',
        'select coalesce(max(c), 0)::int as n from (select count(*) c from areas_for_improvement group by finding_id) t',
      ],
      ['Force.reports', 'select max(c)::int as n from (select count(*) c from reports group by force_id) t'],
      [
        'Force.findings',
        'select max(c)::int as n from (select count(*) c from findings f join reports r on r.id = f.report_id group by r.force_id) t',
      ],
      ['InspectionYear.questions', 'select max(c)::int as n from (select count(*) c from questions group by inspection_year_id) t'],
      ['Query.inspectionYears', 'select count(*)::int as n from inspection_years'],
      ['Query.gradeTable', 'select count(*)::int as n from findings'],
      ['Query.gradeCounts', 'select count(*)::int as n from findings'],
    ];
    const distinct = async (column: string) =>
      max(
        `select count(distinct ${column})::int as n from findings f join reports r on r.id = f.report_id join questions q on q.id = f.question_id join inspection_years y on y.id = r.inspection_year_id join forces fo on fo.id = r.force_id`,
      );
    for (const [dimension, column] of Object.entries({
      year: 'y.year',
      pillar: "coalesce(q.pillar::text, '')",
      question: 'q.id',
      theme: 'q.theme',
      region: 'fo.region',
      country: 'fo.country',
      force: 'fo.id',
    })) {
      expect(await distinct(column), dimension).toBeLessThanOrEqual(GROUP_COUNTS[dimension]!);
    }
    for (const [coordinate, query] of checks) {
      const found = await max(query);
      expect(found, coordinate).toBeGreaterThan(0);
      expect(found, coordinate).toBeLessThanOrEqual(LIST_SIZES[coordinate]!);
    }
  });
});
