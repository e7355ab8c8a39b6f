import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findings } from '../src/db/schema.js';
import { ImportError } from '../src/domain/import-errors.js';
import { importReport, importReportIn } from '../src/ingest/import-report.js';
import { seedDatabase } from '../src/ingest/seed.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const seedText = readFileSync(new URL('../fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt', import.meta.url), 'utf8');
const seedUrl = 'https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2017/cambridgeshire/effectiveness/';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

/** Row counts of every table, to show that something changed nothing. */
async function tableCounts() {
  const result = (await database.db.execute(sql`
    select 'forces' as table, count(*)::int as n from forces union all
    select 'inspection_years', count(*)::int from inspection_years union all
    select 'inspection_year_grades', count(*)::int from inspection_year_grades union all
    select 'questions', count(*)::int from questions union all
    select 'reports', count(*)::int from reports union all
    select 'findings', count(*)::int from findings union all
    select 'content_blocks', count(*)::int from content_blocks union all
    select 'areas_for_improvement', count(*)::int from areas_for_improvement union all
    select 'causes_of_concern', count(*)::int from causes_of_concern union all
    select 'recommendations', count(*)::int from recommendations union all
    select 'finding_sources', count(*)::int from finding_sources`)) as { rows: { table: string; n: number }[] };
  return Object.fromEntries(result.rows.map((r) => [r.table, r.n]));
}

describe('loading the fixtures', () => {
  it('loads the catalogue, the grades and the seed report', async () => {
    expect(await tableCounts()).toEqual({
      forces: 43,
      inspection_years: 7,
      // 4 grades in each of 5 rounds up to 2018/19, 5 in 2021/22 and 2023-25
      inspection_year_grades: 30,
      questions: 91,
      // every force, year and pillar the grades data mentions
      reports: 623,
      // one per force, year and question in grades.csv; the seed's four are among them
      findings: 1497,
      // 5 summary + 9 + 9 + 5 blocks
      content_blocks: 28,
      areas_for_improvement: 7,
      causes_of_concern: 0,
      recommendations: 0,
      // 1,733 statements in grades.csv + the seed page's own grade lines (headline and three questions)
      finding_sources: 1737,
    });
  });

  it('is idempotent: seeding again reports the report unchanged and duplicates nothing', async () => {
    const before = await tableCounts();
    const summary = await seedDatabase(database.db);
    expect(summary.reports).toEqual([{ file: 'cambridgeshire-peel-2017-effectiveness.txt', outcome: 'unchanged' }]);
    expect(await tableCounts()).toEqual(before);
  });

  it('words the catalogue as fixtures/questions.csv does, curly apostrophe and all', async () => {
    await seedDatabase(database.db);
    const question = await database.db.query.questions.findFirst({
      where: { key: 'eff_q5', inspectionYear: { year: 2017 } },
    });
    expect(question).toMatchObject({ text: 'How effective are the force’s specialist capabilities?', textStatus: 'exact' });
  });

  it("keeps one force's wording of a question on its own finding: the catalogue every force shows stays as curated", async () => {
    const catalogue = async () =>
      (await database.db.execute(sql`select id, text, text_status, source_url from questions order by id`)) as unknown as {
        rows: unknown[];
      };
    const before = (await catalogue()).rows;
    // A Kent page: the headline question with a zero-width no-break space, a Kelvin sign for the k, a
    // line separator and an ideographic space, which the matching sees through.
    const odd = 'How effective is the force at \uFEFF\u212Aeeping\u2028people\u3000safe and reducing crime?';
    const headline = 'How effective is the force at keeping people safe and reducing crime?';
    expect(seedText.split(headline).length).toBeGreaterThan(1);
    const kent = seedText
      .replace('Cambridgeshire PEEL 2017', 'Kent PEEL 2017')
      .replaceAll('Cambridgeshire Constabulary', 'Kent Police')
      .replace(headline, odd);
    const kentUrl = 'https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2017/kent/effectiveness/';
    expect((await importReport(database.db, { text: kent, sourceUrl: kentUrl })).outcome).toBe('created');
    expect((await catalogue()).rows).toEqual(before);
    const printed = (await database.db.execute(sql`
      select fo.slug, f.question_as_printed from findings f join reports r on r.id = f.report_id join forces fo on fo.id = r.force_id
      where f.question_as_printed is not null order by fo.slug`)) as unknown as { rows: unknown[] };
    expect(printed.rows).toEqual([{ slug: 'kent', question_as_printed: odd }]);
    // Deleting the page takes its wording with it, and leaves the catalogue as it was.
    const { deleteReportPage } = await import('../src/ingest/delete-report.js');
    await deleteReportPage(database.db, { force: 'kent', year: 2017, pillar: 'effectiveness' });
    expect((await catalogue()).rows).toEqual(before);
    const left = (await database.db.execute(
      sql`select count(*)::int as n from findings where question_as_printed is not null`,
    )) as unknown as {
      rows: { n: number }[];
    };
    expect(left.rows[0]!.n).toBe(0);
  });

  it('updates a changed page in place, keeping finding ids', async () => {
    const idsBefore = (await database.db.select({ id: findings.id }).from(findings).orderBy(findings.id)).map((r) => r.id);
    const changed = seedText.replace('Last updated 22/03/2018', 'Last updated 23/03/2018');
    expect((await importReport(database.db, { text: changed, sourceUrl: seedUrl })).outcome).toBe('updated');
    const idsAfter = (await database.db.select({ id: findings.id }).from(findings).orderBy(findings.id)).map((r) => r.id);
    expect(idsAfter).toEqual(idsBefore);
    expect((await importReport(database.db, { text: seedText, sourceUrl: seedUrl })).outcome).toBe('updated');
    expect((await importReport(database.db, { text: seedText, sourceUrl: seedUrl })).outcome).toBe('unchanged');
  });
});

describe('a failing load leaves nothing behind', () => {
  async function expectCode(text: string, code: string, line?: number) {
    const before = await tableCounts();
    const error = await importReport(database.db, { text, sourceUrl: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe(code);
    if (line !== undefined) expect((error as ImportError).line).toBe(line);
    expect(await tableCounts()).toEqual(before);
    return error as ImportError;
  }

  it('refuses an unknown force and suggests the closest', async () => {
    const error = await expectCode(seedText.replace('Cambridgeshire PEEL 2017', 'Cambrigdeshire PEEL 2017'), 'UNKNOWN_FORCE', 3);
    expect(error.message).toContain('Cambridgeshire');
  });

  it('refuses an unknown inspection year', () =>
    expectCode(seedText.replace('Cambridgeshire PEEL 2017', 'Cambridgeshire PEEL 2019'), 'UNKNOWN_INSPECTION_YEAR', 3));

  it('refuses Adequate in 2017, when the scale had no Adequate', async () => {
    const error = await expectCode(
      seedText.replace(
        '\nRequires improvement\n\nCambridgeshire Constabulary requires improvement in how',
        '\nAdequate\n\nCambridgeshire Constabulary requires improvement in how',
      ),
      'GRADE_OFF_SCALE',
      26,
    );
    expect(error.message).toContain('Outstanding, Good, Requires improvement, Inadequate');
  });

  it('refuses an unknown question and lists the closest catalogue questions', async () => {
    const error = await expectCode(
      seedText.replace('How effective are the force’s specialist capabilities?', 'How effective is the force at juggling?'),
      'UNKNOWN_QUESTION',
      88,
    );
    expect(error.message).toContain('How effective');
  });

  it('refuses a graded question without a grade', () =>
    expectCode(
      seedText.replace(
        '\nRequires improvement\n\nCambridgeshire Constabulary has a good understanding',
        '\nCambridgeshire Constabulary has a good understanding',
      ),
      'MISSING_GRADE',
      56,
    ));

  it('rolls back everything written before a failure part-way through', async () => {
    const before = await tableCounts();
    const changed = seedText.replace('Last updated 22/03/2018', 'Last updated 24/03/2018');
    await expect(
      database.db.transaction(async (tx) => {
        await importReportIn(tx, { text: changed, sourceUrl: seedUrl });
        throw new Error('injected failure after the write');
      }),
    ).rejects.toThrow('injected failure');
    expect(await tableCounts()).toEqual(before);
    const report = await database.db.query.reports.findFirst({
      columns: { lastUpdated: true },
      where: { force: { slug: 'cambridgeshire' }, inspectionYear: { year: 2017 }, pillar: 'effectiveness' },
    });
    expect(report?.lastUpdated).toBe('2018-03-22');
  });

  it("the database itself refuses a grade off the year's scale", async () => {
    const finding = await database.db.query.findings.findFirst({ where: { question: { key: 'eff_q2' } } });
    await expect(
      database.db
        .update(findings)
        .set({ grade: 'adequate' })
        .where(sql`${findings.id} = ${finding!.id}`),
    ).rejects.toThrow();
  });
});
