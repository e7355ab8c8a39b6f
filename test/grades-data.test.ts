// The real comparison data: fixtures/grades.csv (source-cited statements) loaded beside the seed.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GradesCsvError } from '../src/ingest/grades-csv.js';
import { importGradesCsv } from '../src/ingest/load-grades.js';
import { seededApi } from './helpers/graphql.js';

const api = seededApi();
const { execute } = api;

const HEADER = 'year_label,year,force,pillar,question_key,grade,carried_over_from,source_url,source_kind,basis,note';

async function counts() {
  const result = (await api.database.db.execute(sql`
    select (select count(*)::int from reports) as reports, (select count(*)::int from findings) as findings,
           (select count(*)::int from finding_sources) as sources`)) as { rows: Record<string, number>[] };
  return result.rows[0];
}

const coverage = async (years: number[]) =>
  (
    await execute(
      `query($years: [Int!]) { dataCoverage(years: $years) { inspectionYear { label } pillar forceCount
        overall { forcesWithData forcesGraded forcesWithoutData distribution { grade count } }
        questions { question { key } forcesGraded } } }`,
      { years },
    )
  ).body.data.dataCoverage;

describe('dataCoverage', () => {
  it('shows every 2015 and 2016 pillar complete for 43 forces and 2017 effectiveness for 42', async () => {
    const rows = await coverage([2015, 2016, 2017]);
    const overall = Object.fromEntries(rows.map((r: any) => [`${r.inspectionYear.label} ${r.pillar}`, r.overall?.forcesGraded ?? null]));
    expect(overall).toEqual({
      '2015 EFFECTIVENESS': 43,
      '2015 EFFICIENCY': 43,
      '2015 LEGITIMACY': 43,
      '2015 LEADERSHIP': null,
      '2016 EFFECTIVENESS': 43,
      '2016 EFFICIENCY': 43,
      '2016 LEGITIMACY': 43,
      '2017 EFFECTIVENESS': 42,
      // Greater Manchester's 2017 efficiency and legitimacy judgements were deferred: data, but no grade.
      '2017 EFFICIENCY': 41,
      '2017 LEGITIMACY': 41,
    });
    expect(rows.every((r: any) => r.forceCount === 43)).toBe(true);
    const eff2017 = rows.find((r: any) => r.inspectionYear.label === '2017' && r.pillar === 'EFFECTIVENESS');
    expect(eff2017.overall).toMatchObject({ forcesWithData: 42, forcesWithoutData: 1 });
    const efficiency2017 = rows.find((r: any) => r.inspectionYear.label === '2017' && r.pillar === 'EFFICIENCY');
    expect(efficiency2017.overall).toMatchObject({ forcesWithData: 42, forcesGraded: 41 });
  });

  it('gives the national distributions HMICFRS published: 2016 effectiveness 1/28/13/1, 2015 1/24/18/0', async () => {
    const rows = await coverage([2015, 2016]);
    const distribution = (label: string) =>
      rows.find((r: any) => r.inspectionYear.label === label && r.pillar === 'EFFECTIVENESS').overall.distribution;
    expect(distribution('2016')).toEqual([
      { grade: 'OUTSTANDING', count: 1 },
      { grade: 'GOOD', count: 28 },
      { grade: 'REQUIRES_IMPROVEMENT', count: 13 },
      { grade: 'INADEQUATE', count: 1 },
    ]);
    expect(distribution('2015')).toEqual([
      { grade: 'OUTSTANDING', count: 1 },
      { grade: 'GOOD', count: 24 },
      { grade: 'REQUIRES_IMPROVEMENT', count: 18 },
      { grade: 'INADEQUATE', count: 0 },
    ]);
  });

  it('agrees with counting findings through the findings connection', async () => {
    const total = async (grades: string[]) =>
      (
        await execute(
          `query($grades: [Grade!]) { findings(filter: { years: [2016], pillars: [EFFECTIVENESS], headline: true, grades: $grades }) { totalCount } }`,
          {
            grades,
          },
        )
      ).body.data.findings.totalCount;
    expect([
      await total(['OUTSTANDING']),
      await total(['GOOD']),
      await total(['REQUIRES_IMPROVEMENT']),
      await total(['INADEQUATE']),
    ]).toEqual([1, 28, 13, 1]);
  });
});

describe('Cambridgeshire across the years', () => {
  it('has a report for every year the data knows, with its overall grade', async () => {
    const { body, statements } = await execute(
      `{ force(slug: "cambridgeshire") { reports { inspectionYear { label } pillar grade lastUpdated } } }`,
    );
    expect(body.data.force.reports.map((r: any) => [r.inspectionYear.label, r.pillar, r.grade])).toEqual([
      ['2014', 'EFFECTIVENESS', null], // 2014's overall effectiveness was not graded; only its questions were
      ['2014', 'EFFICIENCY', 'GOOD'],
      ['2015', 'EFFECTIVENESS', 'REQUIRES_IMPROVEMENT'],
      ['2015', 'EFFICIENCY', 'GOOD'],
      ['2015', 'LEGITIMACY', 'GOOD'],
      ['2016', 'EFFECTIVENESS', 'GOOD'],
      ['2016', 'EFFICIENCY', 'REQUIRES_IMPROVEMENT'],
      ['2016', 'LEGITIMACY', 'GOOD'],
      ['2017', 'EFFECTIVENESS', 'REQUIRES_IMPROVEMENT'],
      ['2017', 'EFFICIENCY', 'GOOD'],
      ['2017', 'LEGITIMACY', 'GOOD'],
      ['2018/19', 'EFFECTIVENESS', 'GOOD'],
      ['2018/19', 'EFFICIENCY', 'GOOD'],
      ['2018/19', 'LEGITIMACY', 'GOOD'],
      ['2021/22', null, null],
      ['2023-25', null, null],
    ]);
    // Only the imported 2017 effectiveness page has a date; the rest are known from their grades.
    expect(body.data.force.reports.filter((r: any) => r.lastUpdated).map((r: any) => r.lastUpdated)).toEqual(['2018-03-22']);
    expect(statements).toBe(1); // the force; its reports come from the read model
  });

  it('lists all five 2017 effectiveness questions, each with its sources and no more certainty than they give', async () => {
    const { body, statements } = await execute(`{ report(force: "cambridgeshire", year: 2017, pillar: EFFECTIVENESS) {
      findings { question { key } grade gradeStatus carriedOverFrom { label } conflict content { __typename }
        sources { kind basis grade url } } } }`);
    const findings = body.data.report.findings;
    expect(findings.map((f: any) => [f.question.key, f.grade, f.gradeStatus, f.carriedOverFrom, f.content.length])).toEqual([
      ['eff_q1', 'GOOD', 'GRADED', { label: '2016' }, 0],
      ['eff_q2', 'REQUIRES_IMPROVEMENT', 'GRADED', null, 9],
      ['eff_q3', 'REQUIRES_IMPROVEMENT', 'GRADED', null, 9],
      ['eff_q4', 'GOOD', 'GRADED', { label: '2016' }, 0],
      ['eff_q5', null, 'UNGRADED', null, 5],
    ]);
    // Not inspected in 2017 (the seed page lists neither), so the 2016 judgements stand: the 2017 page
    // says so by leaving them out (a Not stated statement, inferred), and the grade comes from those
    // that state one. Preventing crime: a press report; serious and organised crime: HMICFRS, later.
    const seedPage = 'https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2017/cambridgeshire/effectiveness/';
    expect(findings[0].sources).toEqual([
      {
        kind: 'SECONDARY',
        basis: 'DIRECT',
        grade: 'GOOD',
        url: 'https://www.huntspost.co.uk/news/cambridgeshire-police-requires-improvement-report-says-5125656',
      },
      { kind: 'HMICFRS', basis: 'INFERRED', grade: null, url: seedPage },
    ]);
    expect(findings[3].sources).toEqual([
      {
        kind: 'HMICFRS',
        basis: 'RETROSPECTIVE',
        grade: 'GOOD',
        url: 'https://www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/peel-2018/cambridgeshire/effectiveness/detailed-findings',
      },
      { kind: 'HMICFRS', basis: 'INFERRED', grade: null, url: seedPage },
    ]);
    // The seed's questions: the page itself first, then the grades data's HMICFRS rows.
    expect(findings[1].sources.map((s: any) => [s.kind, s.grade])).toEqual([
      ['REPORT_PAGE', 'REQUIRES_IMPROVEMENT'],
      ['HMICFRS', 'REQUIRES_IMPROVEMENT'],
    ]);
    expect(findings.every((f: any) => f.sources.length > 0 && !f.conflict)).toBe(true);
    expect(statements).toBe(0); // from the read model
  });

  it('every finding answers where its grade came from', async () => {
    const result = (await api.database.db.execute(sql`
      select count(*)::int as n from findings f where not exists (select 1 from finding_sources s where s.finding_id = f.id)`)) as {
      rows: { n: number }[];
    };
    expect(result.rows[0]!.n).toBe(0);
  });
});

describe('states, carried-over judgements and conflicts', () => {
  const finding = async (force: string, year: number, pillar: string, key: string) => {
    const { body } = await execute(
      `query($force: String!, $year: Int!, $pillar: Pillar) { report(force: $force, year: $year, pillar: $pillar) {
        grade findings { question { key } grade gradeStatus conflict carriedOverFrom { label }
          gradeInheritedFrom { inspectionYear { label } question { key } grade }
          sources { kind basis grade gradeStatus carriedOverFrom { label } } } } }`,
      { force, year, pillar },
    );
    return body.data.report.findings.find((f: any) => f.question.key === key);
  };

  it('a carried-over question whose grade a later page states shows it, marked as carried', async () => {
    expect(await finding('dorset', 2017, 'EFFECTIVENESS', 'eff_q1')).toMatchObject({
      grade: 'GOOD',
      gradeStatus: 'GRADED',
      carriedOverFrom: { label: '2016' },
      gradeInheritedFrom: null,
      sources: [
        { kind: 'HMICFRS', basis: 'RETROSPECTIVE', grade: 'GOOD', carriedOverFrom: { label: '2016' } },
        { kind: 'HMICFRS', basis: 'DIRECT', grade: null, gradeStatus: 'NOT_STATED', carriedOverFrom: { label: '2016' } },
      ],
    });
  });

  it("a carried-over question whose grade no source states shows the earlier finding's grade, and says so", async () => {
    expect(await finding('gwent', 2018, 'EFFECTIVENESS', 'eff_q1')).toMatchObject({
      grade: 'GOOD',
      gradeStatus: 'NOT_STATED',
      carriedOverFrom: { label: '2016' },
      gradeInheritedFrom: { inspectionYear: { label: '2016' }, question: { key: 'eff_q1' }, grade: 'GOOD' },
    });
    // Kent 2018/19 "use of resources" was carried from 2017, where the same theme had another key.
    expect(await finding('kent', 2018, 'EFFICIENCY', 'effy_q1')).toMatchObject({
      grade: 'GOOD',
      gradeStatus: 'NOT_STATED',
      gradeInheritedFrom: { inspectionYear: { label: '2017' }, question: { key: 'effy_q2' } },
    });
  });

  it('without an earlier grade in the data, a carried-over question has no grade', async () => {
    expect(await finding('dorset', 2017, 'EFFECTIVENESS', 'eff_q2')).toMatchObject({
      grade: null,
      gradeStatus: 'NOT_STATED',
      carriedOverFrom: { label: '2016' },
      gradeInheritedFrom: null,
    });
  });

  it('a deferred judgement is NOT_GRADED, not missing', async () => {
    const { body } = await execute(
      `{ report(force: "greater-manchester", year: 2017, pillar: EFFICIENCY) { grade findings { question { key } } } }`,
    );
    expect(body.data.report).toEqual({ grade: null, findings: [] });
    const headline = await execute(
      `{ findings(filter: { forces: ["greater-manchester"], years: [2017], headline: true }) { nodes { question { pillar } grade gradeStatus } } }`,
    );
    expect(headline.body.data.findings.nodes).toEqual([
      { question: { pillar: 'EFFECTIVENESS' }, grade: 'REQUIRES_IMPROVEMENT', gradeStatus: 'GRADED' },
      { question: { pillar: 'EFFICIENCY' }, grade: null, gradeStatus: 'NOT_GRADED' },
      { question: { pillar: 'LEGITIMACY' }, grade: null, gradeStatus: 'NOT_GRADED' },
    ]);
  });

  it("surfaces the three conflicts, keeping every source's value", async () => {
    const { body } =
      await execute(`{ findings(filter: { conflict: true }) { totalCount nodes { force { slug } inspectionYear { label } question { key } grade
      sources { grade carriedOverFrom { label } } } } }`);
    expect(body.data.findings.totalCount).toBe(3);
    expect(
      body.data.findings.nodes.map((f: any) => [
        f.force.slug,
        f.inspectionYear.label,
        f.question.key,
        f.grade,
        f.sources.map((s: any) => [s.grade, s.carriedOverFrom?.label ?? null]),
      ]),
    ).toEqual([
      [
        'cheshire',
        '2014',
        'eff14_investigating',
        'GOOD',
        [
          ['GOOD', null],
          ['REQUIRES_IMPROVEMENT', null],
        ],
      ],
      [
        'cheshire',
        '2014',
        'eff14_reducing_crime',
        'GOOD',
        [
          ['GOOD', null],
          ['REQUIRES_IMPROVEMENT', null],
        ],
      ],
      [
        'dorset',
        '2018/19',
        'eff_q1',
        'GOOD',
        [
          ['GOOD', '2017'],
          ['GOOD', '2016'],
        ],
      ],
    ]);
  });
});

describe('importing a grades CSV', () => {
  it('refuses a bad file with every problem and its line, and changes nothing', async () => {
    const before = await counts();
    const csv = [
      HEADER,
      '2017,2017,essex,effectiveness,eff_q2,Good,,https://example.org/essex,hmicfrs,direct,a good row',
      '2017,2017,essex,effectiveness,eff_q3,Adequate,,https://example.org/essex,hmicfrs,direct,',
      '2017,2017,atlantis,effectiveness,eff_q2,Good,,https://example.org/essex,hmicfrs,direct,',
      '2020,2020,essex,effectiveness,eff_q2,Good,,https://example.org/essex,hmicfrs,direct,',
      '2017,2017,essex,effectiveness,eff_q9,Good,,https://example.org/essex,hmicfrs,direct,',
      '2017,2017,essex,effectiveness,eff_q2,Splendid,,https://example.org/essex,hmicfrs,direct,',
    ].join('\n');
    const error = await importGradesCsv(api.database.db, 'bad.csv', csv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GradesCsvError);
    expect((error as GradesCsvError).problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'GRADE_OFF_SCALE'],
      [4, 'UNKNOWN_FORCE'],
      [5, 'UNKNOWN_INSPECTION_YEAR'],
      [6, 'UNKNOWN_QUESTION'],
      [7, 'MALFORMED_ROW'],
    ]);
    expect((error as GradesCsvError).message).toContain('line 3: GRADE_OFF_SCALE: grade "Adequate" is not on the 2017 scale');
    expect(await counts()).toEqual(before);
  });

  it('refuses a file with missing columns', async () => {
    const error = await importGradesCsv(api.database.db, 'short.csv', 'force,grade\nessex,Good\n').catch((e: unknown) => e);
    expect((error as GradesCsvError).problems[0]).toMatchObject({ line: 1, code: 'MALFORMED_ROW' });
  });

  it('adds a new statement, flags a disagreement, and is idempotent', async () => {
    const before = await counts();
    const csv = `${HEADER}\n2017,2017,cambridgeshire,effectiveness,eff_q4,Outstanding,,https://example.org/another-view,secondary,direct,a dissenting press report\n`;
    const first = await importGradesCsv(api.database.db, 'more.csv', csv);
    expect(first).toEqual({ statements: 1, findings: 1, reports: 1, added: 1 });
    expect(await counts()).toEqual({ ...before, sources: before!.sources! + 1 });
    expect(await importGradesCsv(api.database.db, 'more.csv', csv)).toEqual({ statements: 1, findings: 1, reports: 1, added: 0 });
    expect(await counts()).toEqual({ ...before, sources: before!.sources! + 1 });

    const { body } = await execute(
      `{ report(force: "cambridgeshire", year: 2017, pillar: EFFECTIVENESS) { findings { question { key } grade conflict sources { kind grade } } } }`,
    );
    const soc = body.data.report.findings.find((f: any) => f.question.key === 'eff_q4');
    // HMICFRS (retrospective) still outranks the press; the disagreement is visible.
    expect(soc).toEqual({
      question: { key: 'eff_q4' },
      grade: 'GOOD',
      conflict: true,
      sources: [
        { kind: 'HMICFRS', grade: 'GOOD' },
        { kind: 'SECONDARY', grade: 'OUTSTANDING' },
        { kind: 'HMICFRS', grade: null }, // Not stated: carried over from 2016
      ],
    });
  });
});
