// The newest rounds (2021/22 and 2023-25) for nearly every force, and comparisons across the two
// framework changes: asserted against fixtures/grades.csv and fixtures/comparability.csv, read here
// independently of the loader.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { seededApi } from './helpers/graphql.js';

const api = seededApi();
const fixture = (file: string): Record<string, string>[] =>
  parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', file), 'utf8'), { columns: true });
const comparability = fixture('comparability.csv');
const grades = fixture('grades.csv');
const STATES = ['Ungraded', 'Not graded', 'Not stated'];
const note = (label: string) => comparability.find((r) => r.year_label === label)!;

describe('the newest rounds', () => {
  it('holds area grades for 38 forces in 2021/22 and 36 in 2023-25, as the data does', async () => {
    const forcesGradedIn = (label: string) =>
      new Set(grades.filter((r) => r.year_label === label && !STATES.includes(r.grade!)).map((r) => r.force)).size;
    expect([forcesGradedIn('2021/22'), forcesGradedIn('2023-25')]).toEqual([38, 36]);
    const { body } = await api.execute(`{
      a: gradeCounts(filter: { years: [2021] }, groupBy: [FORCE]) { force graded }
      b: gradeCounts(filter: { years: [2023] }, groupBy: [FORCE]) { force graded } }`);
    const graded = (groups: { graded: number }[]) => groups.filter((g) => g.graded > 0).length;
    expect([graded(body.data.a), graded(body.data.b)]).toEqual([38, 36]);
  });

  it('answers new rows with their grades and sources', async () => {
    const cases: [string, number, string, string, string][] = [
      [
        'metropolitan',
        2021,
        'positive_workplace',
        'REQUIRES_IMPROVEMENT',
        'https://hmicfrs.justiceinspectorates.gov.uk/news/news-feed/concerns-raised-over-metropolitan-polices-performance/',
      ],
      [
        'kent',
        2021,
        'preventing_crime',
        'GOOD',
        'https://www.justiceinspectorates.gov.uk/hmicfrs/news/news-feed/kent-police-needs-to-improve-in-some-areas/',
      ],
      [
        'warwickshire',
        2021,
        'protecting_vulnerable',
        'ADEQUATE',
        'https://www.warwickshireworld.com/news/people/warwickshire-police-is-performing-adequately-in-some-areas-but-requires-improvement-in-others-according-to-official-report-3882491',
      ],
      [
        'gwent',
        2023,
        'crime_data_recording',
        'OUTSTANDING',
        'https://policeprofessional.com/news/gwent-police-outstanding-at-recording-crime-promptly-and-accurately',
      ],
      [
        'devon-and-cornwall',
        2023,
        'investigating_crime',
        'INADEQUATE',
        'https://www.cornish-times.co.uk/news/force-must-improve-criminal-investigations-says-commissioner-704064',
      ],
      [
        'durham',
        2023,
        'preventing_crime',
        'GOOD',
        'https://hmicfrs.justiceinspectorates.gov.uk/news/news-feed/durham-constabulary-does-some-things-well-but-concerns-about-response-to-public/',
      ],
    ];
    for (const [force, year, key, grade, url] of cases) {
      const { body } = await api.execute(
        'query($f: String!, $y: Int!) { report(force: $f, year: $y) { findings { question { key } grade conflict sources { url } } } }',
        { f: force, y: year },
      );
      const finding = body.data.report.findings.find((f: { question: { key: string } }) => f.question.key === key);
      expect(finding, `${force} ${year} ${key}`).toEqual({ question: { key }, grade, conflict: false, sources: [{ url }] });
    }
  });

  it('has Sussex good at responding to the public in 2023-25, without a conflict, and inadequate in 2021/22', async () => {
    const { body } = await api.execute(`{
      a: report(force: "sussex", year: 2023) { findings { question { key } grade conflict } }
      b: report(force: "sussex", year: 2021) { findings { question { key } grade conflict } } }`);
    const responding = (report: { findings: { question: { key: string } }[] }) =>
      report.findings.find((f) => f.question.key === 'responding_to_public');
    expect(responding(body.data.a)).toEqual({ question: { key: 'responding_to_public' }, grade: 'GOOD', conflict: false });
    expect(responding(body.data.b)).toEqual({ question: { key: 'responding_to_public' }, grade: 'INADEQUATE', conflict: false });
  });
});

describe('questions graded for every force, some or none', () => {
  it("keeps the trial forces' 2021/22 grades on the service to victims, which is graded for them only", async () => {
    const { body } = await api.execute(`{
      y2021: inspectionYear(year: 2021) { questions { key graded grading } }
      y2023: inspectionYear(year: 2023) { questions { key graded grading } }
      y2017: inspectionYear(year: 2017) { questions { key pillar graded grading } }
      y2014: inspectionYear(year: 2014) { questions { key pillar graded grading } }
      coverage: dataCoverage(years: [2021]) { questions { question { key } forcesGraded } }
      merseyside: report(force: "merseyside", year: 2021) { findings { question { key } grade } }
      suffolk: report(force: "suffolk", year: 2021) { findings { question { key } grade } } }`);
    const question = (year: string, key: string, pillar?: string) =>
      body.data[year].questions.find((q: { key: string; pillar?: string }) => q.key === key && (!pillar || q.pillar === pillar));
    expect(question('y2021', 'victim_service')).toEqual({ key: 'victim_service', graded: false, grading: 'SOME_FORCES' });
    expect(question('y2021', 'armed_threats')).toEqual({ key: 'armed_threats', graded: false, grading: 'NEVER' });
    expect(question('y2023', 'victim_service')).toEqual({ key: 'victim_service', graded: false, grading: 'NEVER' });
    expect(question('y2021', 'investigating_crime')).toEqual({ key: 'investigating_crime', graded: true, grading: 'ALL_FORCES' });
    expect(question('y2017', 'eff_q5', 'EFFECTIVENESS')).toMatchObject({ graded: false, grading: 'NEVER' });
    expect(question('y2014', 'effy14_q1', 'EFFICIENCY')).toMatchObject({ graded: null, grading: null });
    const victims = (report: { findings: { question: { key: string }; grade: string }[] }) =>
      report.findings.find((f) => f.question.key === 'victim_service')?.grade;
    expect([victims(body.data.merseyside), victims(body.data.suffolk)]).toEqual(['ADEQUATE', 'REQUIRES_IMPROVEMENT']);
    expect(
      body.data.coverage[0].questions.find((q: { question: { key: string } }) => q.question.key === 'victim_service').forcesGraded,
    ).toBe(2);
  });
});

describe('comparability across framework changes', () => {
  it('says per round whether it compares with the round before, from fixtures/comparability.csv', async () => {
    const { body } = await api.execute('{ inspectionYears { label comparableWithPrevious comparisonNote comparisonSourceUrl } }');
    expect(body.data.inspectionYears).toEqual(
      comparability.map((r) => ({
        label: r.year_label,
        comparableWithPrevious: r.comparable_with_previous === 'yes',
        comparisonNote: r.note,
        comparisonSourceUrl: r.source_url,
      })),
    );
    expect(
      body.data.inspectionYears
        .filter((y: { comparableWithPrevious: boolean }) => !y.comparableWithPrevious)
        .map((y: { label: string }) => y.label),
    ).toEqual(['2014', '2021/22', '2023-25']);
  });

  const DIFFERENCES = `query($a: ReportSelector!, $b: ReportSelector!) { differences(a: $a, b: $b) { theme change a { grade } b { grade } comparable caveat caveatSourceUrl } }`;

  it("marks Cambridgeshire's changes from 2018/19 effectiveness to 2021/22 not comparable, with the caveat and its source", async () => {
    const { body } = await api.execute(DIFFERENCES, {
      a: { force: 'cambridgeshire', year: 2018, pillar: 'EFFECTIVENESS' },
      b: { force: 'cambridgeshire', year: 2021 },
    });
    // fixtures/grades.csv: preventing crime Good in 2018/19, Adequate in 2021/22; the other shared themes kept their grade or were not graded in both.
    expect(body.data.differences).toEqual([
      {
        theme: 'preventing-crime',
        change: 'DECLINED',
        a: { grade: 'GOOD' },
        b: { grade: 'ADEQUATE' },
        comparable: false,
        caveat: note('2021/22').note,
        caveatSourceUrl: note('2021/22').source_url,
      },
    ]);
  });

  it('marks 2016 to 2017 comparable, with no caveat', async () => {
    const { body } = await api.execute(DIFFERENCES, {
      a: { force: 'cambridgeshire', year: 2016, pillar: 'EFFECTIVENESS' },
      b: { force: 'cambridgeshire', year: 2017, pillar: 'EFFECTIVENESS' },
    });
    expect(body.data.differences.length).toBeGreaterThan(0);
    for (const row of body.data.differences) expect(row).toMatchObject({ comparable: true, caveat: null, caveatSourceUrl: null });
  });

  it('names both breaks between 2017 and 2023-25, the same whichever report comes first', async () => {
    const early = { force: 'cambridgeshire', year: 2017, pillar: 'EFFECTIVENESS' };
    const late = { force: 'cambridgeshire', year: 2023 };
    const [forward, backward] = await Promise.all([
      api.execute(DIFFERENCES, { a: early, b: late }),
      api.execute(DIFFERENCES, { a: late, b: early }),
    ]);
    const caveat = `2021/22: ${note('2021/22').note} 2023-25: ${note('2023-25').note}`;
    const sources = `${note('2021/22').source_url} ${note('2023-25').source_url}`;
    expect(forward.body.data.differences.length).toBeGreaterThan(0);
    expect(backward.body.data.differences).toHaveLength(forward.body.data.differences.length);
    for (const row of [...forward.body.data.differences, ...backward.body.data.differences]) {
      expect(row).toMatchObject({ comparable: false, caveat, caveatSourceUrl: sources });
    }
  });
});
