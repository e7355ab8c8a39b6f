// Importing report pages: both formats, every refusal with its code and place, revisions,
// atomicity, the mutations' token check, and a fuzz test of the parser and the importer.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteReportPage } from '../src/ingest/delete-report.js';
import { ImportError } from '../src/domain/import-errors.js';
import { importReport, type ReportInput } from '../src/ingest/import-report.js';
import { parsePage } from '../src/ingest/parse-page.js';
import { createApp } from '../src/http/yoga.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { operationFile } from './helpers/graphql.js';
import { reportTextAsHtml } from './helpers/html.js';

const seed = readFileSync(new URL('../fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt', import.meta.url), 'utf8');
const seedUrl = 'https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2017/cambridgeshire/effectiveness/';
const TOKEN = 'test-token-0123456789abcdef';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const rows = async (query: ReturnType<typeof sql>) => ((await database.db.execute(query)) as { rows: unknown[] }).rows;

/** Everything a page import writes, by natural keys (no serial ids), in a stable order. */
async function snapshot() {
  const finding = sql`fo.slug || '/' || y.label || '/' || coalesce(q.pillar::text, '') || '/' || q.key`;
  const joins = sql`join reports r on r.id = f.report_id join forces fo on fo.id = r.force_id
    join inspection_years y on y.id = f.inspection_year_id join questions q on q.id = f.question_id`;
  return {
    reports: await rows(sql`select fo.slug, y.label, r.pillar, r.last_updated, r.source_url, r.checksum from reports r
      join forces fo on fo.id = r.force_id join inspection_years y on y.id = r.inspection_year_id order by 1, 2, 3`),
    findings: await rows(
      sql`select ${finding} as k, f.grade, f.grade_status, f.carried_over_from_id, f.conflict, f.position from findings f ${joins} order by 1`,
    ),
    blocks: await rows(
      sql`select ${finding} as k, b.position, b.kind, b.text, b.items from content_blocks b join findings f on f.id = b.finding_id ${joins} order by 1, 2`,
    ),
    areas: await rows(
      sql`select ${finding} as k, a.position, a.text from areas_for_improvement a join findings f on f.id = a.finding_id ${joins} order by 1, 2`,
    ),
    causes:
      await rows(sql`select ${finding} as k, c.position, c.text, (select array_agg(text order by position) from recommendations where cause_of_concern_id = c.id) as recs
      from causes_of_concern c join findings f on f.id = c.finding_id ${joins} order by 1, 2`),
    sources: await rows(
      sql`select ${finding} as k, s.kind, s.url, s.grade, s.grade_status from finding_sources s join findings f on f.id = s.finding_id ${joins} order by 1, 2, 3, 4`,
    ),
    questions: await rows(sql`select id, text, text_status from questions order by id`),
  };
}

const tableCounts = async () =>
  (
    await rows(sql`select (select count(*) from reports)::int as reports, (select count(*) from findings)::int as findings,
      (select count(*) from content_blocks)::int as blocks, (select count(*) from areas_for_improvement)::int as areas,
      (select count(*) from causes_of_concern)::int as causes, (select count(*) from recommendations)::int as recommendations,
      (select count(*) from finding_sources)::int as sources, (select count(*) from report_revisions)::int as revisions,
      (select string_agg(md5(text), '' order by id) from questions) as questions`)
  )[0];

async function refused(input: Partial<ReportInput> & { text: string }) {
  const before = await tableCounts();
  const error = await importReport(database.db, { sourceUrl: null, ...input }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  expect(await tableCounts()).toEqual(before);
  const { code, line, element, detail } = error as ImportError;
  return { code, line, element, message: detail };
}

describe('both formats', () => {
  it('imports the seed from HTML to exactly the rows the text import wrote', async () => {
    const fromText = await snapshot();
    const removed = await deleteReportPage(database.db, { force: 'cambridgeshire', year: 2017, pillar: 'effectiveness' });
    // The grades data still knows every question of that report, so none of its findings goes.
    expect(removed.removedFindings).toBe(0);
    const afterDelete = await snapshot();
    expect(afterDelete.blocks.filter((b: any) => b.k.startsWith('cambridgeshire/2017'))).toEqual([]);

    const html = reportTextAsHtml(seed);
    expect(html).toContain('<nav>');
    const result = await importReport(database.db, { text: html, format: 'html', sourceUrl: seedUrl });
    expect(result.outcome).toBe('created');
    expect(await snapshot()).toEqual(fromText);
    // The same page as text is now unchanged: both formats give the same checksum.
    expect((await importReport(database.db, { text: seed, sourceUrl: seedUrl })).outcome).toBe('unchanged');
  });

  it('reads CRLF line endings, unindented bullets and extra blank lines as the same page', async () => {
    const messy = seed
      .replace(/\n {2}•/g, '\n•')
      .replace(/\n\n/g, '\n\n\n')
      .replace(/\n/g, '\r\n');
    expect(parsePage({ text: messy, sourceUrl: null }).report.questions.map((q) => q.content)).toEqual(
      parsePage({ text: seed, sourceUrl: null }).report.questions.map((q) => q.content),
    );
    expect((await importReport(database.db, { text: messy, sourceUrl: seedUrl })).outcome).toBe('unchanged');
  });
});

const efficiencyPage = `Skip to content

Kent PEEL 2018/19

How efficiently does the force operate and how sustainable are its services to the public?

Last updated 02/05/2019
Good

Kent Police is good at operating efficiently and providing sustainable services.

Questions for Efficiency

How well does the force use its resources to meet the demand it faces?

Good

The force understands demand well.

Areas for improvement

  • The force should improve how it records demand from partner agencies.

How well does the force plan for the future?

Requires improvement

Its workforce plan does not yet reach beyond 2020.

Cause of concern

The force does not have a credible plan for its future workforce.

Recommendations

  • Within six months, the force should set out a workforce plan to 2025.
  • The force should review its use of overtime.
`;

const legitimacyPage = `Wiltshire PEEL 2017

How legitimate is the force at keeping people safe and reducing crime?

Last updated 12/12/2017
Requires improvement

Wiltshire Police requires improvement in how legitimately it keeps people safe.

Questions for Legitimacy

To what extent does the force treat all of the people it serves with fairness and respect?

Good

The force treats people fairly.

How well does the force ensure that its workforce behaves ethically and lawfully?

Requires improvement

Vetting is behind.

Causes of concern

Vetting of the workforce is incomplete.

Recommendations

• Vet every officer and member of staff by April 2019.

Cause of concern

Complaints are not always recorded.

To what extent does the force treat its workforce with fairness and respect?

Good

Staff feel supported.
`;

describe('pages of other pillars and years', () => {
  it('imports an efficiency page with a cause of concern and its recommendations', async () => {
    expect((await importReport(database.db, { text: efficiencyPage, sourceUrl: 'https://example.org/kent-2018-efficiency' })).outcome).toBe(
      'created',
    );
    const app = createApp({ database });
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: operationFile('report.graphql'),
        operationName: 'ForceReport',
        variables: { force: 'kent', year: 2018, pillar: 'EFFICIENCY' },
      }),
    });
    const report = ((await response.json()) as any).data.report;
    expect(report).toMatchObject({ grade: 'GOOD', lastUpdated: '2019-05-02', inspectionYear: { label: '2018/19' } });
    expect(report.findings.map((f: any) => [f.question.key, f.grade, f.areasForImprovement.length, f.causesOfConcern])).toEqual([
      ['effy_q1', 'GOOD', 1, []],
      [
        'effy_q2',
        'REQUIRES_IMPROVEMENT',
        0,
        [
          {
            text: 'The force does not have a credible plan for its future workforce.',
            recommendations: [
              'Within six months, the force should set out a workforce plan to 2025.',
              'The force should review its use of overtime.',
            ],
          },
        ],
      ],
    ]);
  });

  it('imports a legitimacy page with two causes of concern, and joins the grades data already there', async () => {
    expect((await importReport(database.db, { text: legitimacyPage, sourceUrl: null })).outcome).toBe('created');
    const causes = await rows(sql`select c.text, (select count(*)::int from recommendations r where r.cause_of_concern_id = c.id) as n
      from causes_of_concern c order by c.id`);
    expect(causes.slice(-2)).toEqual([
      { text: 'Vetting of the workforce is incomplete.', n: 1 },
      { text: 'Complaints are not always recorded.', n: 0 },
    ]);
    // grades.csv says Wiltshire 2017 legitimacy was Good; the page says Requires improvement.
    const [overall] = await rows(sql`select f.grade, f.conflict from findings f join reports r on r.id = f.report_id
      join forces fo on fo.id = r.force_id join questions q on q.id = f.question_id
      where fo.slug = 'wiltshire' and f.inspection_year_id = (select id from inspection_years where year = 2017) and q.pillar = 'legitimacy' and q.headline`);
    expect(overall).toEqual({ grade: 'requires_improvement', conflict: true });
  });
});

describe('refusals: a code, a place, and nothing written', () => {
  it.each([
    ['empty input', '  \n\n ', { code: 'EMPTY_INPUT', line: undefined }],
    ['binary input', `Cambridgeshire PEEL 2017\n\u0000\u0001PNG`, { code: 'BINARY_INPUT', line: 2 }],
    ['no title', 'Skip to content\n\nCambridgeshire report\n', { code: 'MISSING_TITLE', line: 3 }],
    ['an unknown force', seed.replace('Cambridgeshire PEEL 2017', 'Cambs PEEL 2017'), { code: 'UNKNOWN_FORCE', line: 3 }],
    ['an unknown year', seed.replace('Cambridgeshire PEEL 2017', 'Cambridgeshire PEEL 2020'), { code: 'UNKNOWN_INSPECTION_YEAR', line: 3 }],
    [
      'Adequate in 2017',
      seed.replace(
        '\nRequires improvement\n\nCambridgeshire Constabulary has a good',
        '\nAdequate\n\nCambridgeshire Constabulary has a good',
      ),
      { code: 'GRADE_OFF_SCALE', line: 58 },
    ],
    [
      'a graded question without a grade',
      seed.replace(
        '\nRequires improvement\n\nCambridgeshire Constabulary requires improvement in how',
        '\nCambridgeshire Constabulary requires improvement in how',
      ),
      { code: 'MISSING_GRADE', line: 24 },
    ],
    [
      'an unknown question',
      seed.replace('How effective are the force’s specialist capabilities?', 'How effective is the force at cycling?'),
      { code: 'UNKNOWN_QUESTION', line: 88 },
    ],
    [
      'a duplicate question',
      `${seed}\n\nHow effective is the force at investigating crime and reducing re-offending?\n\nGood\n\nAgain.`,
      { code: 'DUPLICATE_QUESTION', line: 103 },
    ],
    ['a bad date', seed.replace('22/03/2018', '32/03/2018'), { code: 'BAD_DATE', line: 8 }],
  ])('refuses %s', async (_name, text, expected) => {
    expect(await refused({ text })).toMatchObject(expected);
  });

  it('suggests the closest force and the closest questions', async () => {
    expect((await refused({ text: seed.replace('Cambridgeshire PEEL 2017', 'Cambs PEEL 2017') })).message).toBe(
      'unknown force "Cambs"; closest known forces: Cambridgeshire, Cumbria, Essex',
    );
    const question = await refused({
      text: seed.replace('How effective are the force’s specialist capabilities?', 'How effective are the force’s special capabilities?'),
    });
    expect(question.message).toMatch(/closest catalogue questions: "How effective are the force’s specialist capabilities\?"/);
  });

  it('refuses input over the size limit', async () => {
    expect(await refused({ text: seed, maxBytes: 1000 })).toMatchObject({
      code: 'INPUT_TOO_LARGE',
      message: `the input is ${Buffer.byteLength(seed)} bytes; at most 1000 are accepted (IMPORT_MAX_BYTES)`,
    });
  });

  it('points HTML errors at the source line and element', async () => {
    const html = reportTextAsHtml(
      seed.replace(
        '\nRequires improvement\n\nCambridgeshire Constabulary has a good',
        '\nAdequate\n\nCambridgeshire Constabulary has a good',
      ),
    );
    const sourceLine = html.split('\n').findIndex((line) => line.includes('<strong>Adequate</strong>')) + 1;
    expect(await refused({ text: html, format: 'html' })).toMatchObject({ code: 'GRADE_OFF_SCALE', line: sourceLine, element: '<div>' });
  });
});

describe('revisions and atomicity', () => {
  it('keeps the previous revision when a changed page replaces it, and drops what the new page no longer says', async () => {
    const revisions = async () =>
      rows(sql`select v.checksum, v.content->'headline'->>'grade' as grade, v.content->>'lastUpdated' as updated from report_revisions v
        join reports r on r.id = v.report_id join forces fo on fo.id = r.force_id where fo.slug = 'kent' order by v.id`);
    expect(await revisions()).toHaveLength(1);
    const changed = efficiencyPage
      .replace('Last updated 02/05/2019', 'Last updated 03/05/2019')
      .replace(/\nAreas for improvement\n\n {2}• The force should improve how it records demand from partner agencies.\n/, '\n');
    expect((await importReport(database.db, { text: changed, sourceUrl: null })).outcome).toBe('updated');
    expect((await revisions()).map((r: any) => r.updated)).toEqual(['2019-05-02', '2019-05-03']);
    const areas = await rows(sql`select a.text from areas_for_improvement a join findings f on f.id = a.finding_id
      join reports r on r.id = f.report_id join forces fo on fo.id = r.force_id where fo.slug = 'kent'`);
    expect(areas).toEqual([]);
    expect((await importReport(database.db, { text: changed, sourceUrl: null })).outcome).toBe('unchanged');
  });

  it('leaves the database as it was when a write fails part-way', async () => {
    await database.db.execute(sql`
      create or replace function refuse_marked_area() returns trigger language plpgsql as $$
      begin
        if new.text like '%FAIL-HERE%' then raise exception 'injected failure while writing areas for improvement'; end if;
        return new;
      end $$`);
    await database.db.execute(
      sql`create trigger refuse_marked_area before insert on areas_for_improvement for each row execute function refuse_marked_area()`,
    );
    try {
      const before = await snapshot();
      const failing = seed
        .replace('Last updated 22/03/2018', 'Last updated 24/03/2018')
        .replace('quality and progress.', 'quality and progress. FAIL-HERE');
      await expect(importReport(database.db, { text: failing, sourceUrl: seedUrl })).rejects.toThrow();
      expect(await snapshot()).toEqual(before);
    } finally {
      await database.db.execute(sql`drop trigger refuse_marked_area on areas_for_improvement`);
    }
  });
});

describe('mutations', () => {
  const mutate = async (app: ReturnType<typeof createApp>, variables: Record<string, unknown>, token?: string) => {
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: operationFile('import.graphql'), variables }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('are refused without API_TOKEN configured, without a token, and with a wrong one', async () => {
    const before = await tableCounts();
    const disabled = await mutate(createApp({ database }), { text: efficiencyPage }, TOKEN);
    expect(disabled.status).toBe(403);
    expect(disabled.body.errors[0]).toMatchObject({
      message: 'writes are disabled on this server: set API_TOKEN to enable importReport and deleteReport',
      extensions: { code: 'FORBIDDEN' },
    });
    const app = createApp({ database, apiToken: TOKEN });
    const missing = await mutate(app, { text: efficiencyPage });
    expect(missing.status).toBe(401);
    expect(missing.body.errors[0].message).toBe('this mutation needs the header Authorization: Bearer <API_TOKEN>');
    const wrong = await mutate(app, { text: efficiencyPage }, `${TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain(TOKEN);
    expect(await tableCounts()).toEqual(before);
  });

  it('import with the right token, and answer with the same codes as the importer', async () => {
    const app = createApp({ database, apiToken: TOKEN });
    const ok = await mutate(app, { text: seed, sourceUrl: seedUrl }, TOKEN);
    expect(ok.body.data.importReport).toMatchObject({
      __typename: 'ImportReportSuccess',
      created: false,
      unchanged: true,
      report: {
        force: { slug: 'cambridgeshire' },
        inspectionYear: { label: '2017' },
        pillar: 'EFFECTIVENESS',
        grade: 'REQUIRES_IMPROVEMENT',
      },
    });
    const bad = await mutate(app, { text: seed.replace('Cambridgeshire PEEL 2017', 'Cambs PEEL 2017') }, TOKEN);
    expect(bad.body.data.importReport).toEqual({
      __typename: 'ImportReportError',
      code: 'UNKNOWN_FORCE',
      line: 3,
      message: 'unknown force "Cambs"; closest known forces: Cambridgeshire, Cumbria, Essex',
    });
    const html = await mutate(app, { text: reportTextAsHtml(seed), format: 'HTML', sourceUrl: seedUrl }, TOKEN);
    expect(html.body.data.importReport.unchanged).toBe(true);
  });

  it('deleteReport removes an imported page and reports a missing one', async () => {
    const app = createApp({ database, apiToken: TOKEN });
    const run = (force: string, year: number, pillar: string) =>
      Promise.resolve(
        app.fetch('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({
            query: `mutation($force: String!, $year: Int!, $pillar: Pillar) { deleteReport(input: { force: $force, year: $year, pillar: $pillar }) {
            __typename ... on DeleteReportSuccess { removedFindings report { grade findings { question { key } } } } ... on ImportReportError { code message } } }`,
            variables: { force, year, pillar },
          }),
        }),
      ).then((r) => r.json() as Promise<any>);
    // Kent 2018/19 efficiency: the grades data knows all three questions, so they stay, with its grades.
    expect((await run('kent', 2018, 'EFFICIENCY')).data.deleteReport).toEqual({
      __typename: 'DeleteReportSuccess',
      removedFindings: 0,
      report: { grade: 'OUTSTANDING', findings: [{ question: { key: 'effy_q1' } }, { question: { key: 'effy_q2' } }] },
    });
    // Wiltshire 2017 legitimacy: the grades data knows only the overall grade; the page's three questions go.
    expect((await run('wiltshire', 2017, 'LEGITIMACY')).data.deleteReport).toEqual({
      __typename: 'DeleteReportSuccess',
      removedFindings: 3,
      report: { grade: 'GOOD', findings: [] },
    });
    expect((await run('kent', 2018, 'EFFICIENCY')).data.deleteReport).toEqual({
      __typename: 'ImportReportError',
      code: 'REPORT_NOT_FOUND',
      message: 'no imported page for kent 2018 efficiency',
    });
  });
});

describe('fuzzing', () => {
  const mutatedSeed = fc
    .tuple(fc.nat({ max: seed.length }), fc.nat({ max: 200 }), fc.string({ maxLength: 40 }))
    .map(([at, cut, insert]) => seed.slice(0, at) + insert + seed.slice(Math.min(seed.length, at + cut)));
  const lineShuffle = fc.shuffledSubarray(seed.split('\n'), { minLength: 1 }).map((lines) => lines.join('\n'));
  const anything = fc.oneof(mutatedSeed, lineShuffle, fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 300 }));

  it('parses thousands of mutated pages to a report or a coded error, never anything else', () => {
    fc.assert(
      fc.property(anything, fc.constantFrom('text', 'html') as fc.Arbitrary<'text' | 'html'>, (text, format) => {
        try {
          const { report } = parsePage({
            text: format === 'html' ? `<p>${text.replace(/\n/g, '</p><p>')}</p>` : text,
            format,
            sourceUrl: null,
          });
          expect(report.questions.length).toBeGreaterThan(0);
        } catch (error) {
          if (!(error instanceof ImportError)) throw error;
          expect(error.code).toMatch(/^[A-Z_]+$/);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never writes when an import of a mutated page fails', async () => {
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(mutatedSeed, async (text) => {
        const before = await tableCounts();
        try {
          await importReport(database.db, { text, sourceUrl: seedUrl });
          // A mutation that still reads as a valid page is imported; put the seed back.
          await importReport(database.db, { text: seed, sourceUrl: seedUrl });
        } catch (error) {
          if (!(error instanceof ImportError)) throw error;
          failures++;
          expect(await tableCounts()).toEqual(before);
        }
      }),
      { numRuns: 150 },
    );
    expect(failures).toBeGreaterThan(0);
  });
});
