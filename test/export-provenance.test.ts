// The grades export keeps its caveats: whether the round compares with the one before, what the grade
// rests on, the source it was taken from and how many statements back it; each held against the
// fixtures themselves (fixtures/comparability.csv, fixtures/grades.csv).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { seededApi } from './helpers/graphql.js';

const client = seededApi();
type Row = Record<string, string>;
const fixture = (name: string) => parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'), { columns: true }) as Row[];
const exported = async (query = '') =>
  parse(await (await client.app.fetch(`http://test/export/grades.csv${query}`)).text(), { columns: true }) as Row[];
const keyOf = (force: string, label: string, pillar: string, question: string) => [force, label, pillar.toLowerCase(), question].join('|');

const statements = Map.groupBy(fixture('grades.csv'), (s) => keyOf(s.force!, s.year_label!, s.pillar!, s.question_key!));
/** The seed report's page adds a grade line of its own to the questions it lists, and to its headline. */
const seedUrl = 'https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2017/cambridgeshire/effectiveness/';
const onSeedPage = new Set(['overall', 'eff_q2', 'eff_q3', 'eff_q5'].map((q) => keyOf('cambridgeshire', '2017', 'effectiveness', q)));

describe('the grades export keeps its caveats', () => {
  it('says, row by row, whether the round compares with the one before, as fixtures/comparability.csv does', async () => {
    const comparable = new Map(
      fixture('comparability.csv').map((r) => [r.year_label!, r.comparable_with_previous === 'yes' ? 'true' : 'false']),
    );
    const rows = await exported();
    for (const row of rows) expect(row.comparableWithPrevious, row.inspectionYear).toBe(comparable.get(row.inspectionYear!));
    const round2021 = await exported('?year=2021');
    expect(round2021).toHaveLength([...statements.keys()].filter((key) => key.split('|')[1] === '2021/22').length);
    expect(new Set(round2021.map((r) => r.comparableWithPrevious))).toEqual(new Set(['false']));
    expect(new Set((await exported('?year=2017')).map((r) => r.comparableWithPrevious))).toEqual(new Set(['true']));
  });

  it('names the kind and basis of the source the grade was taken from, and counts every statement', async () => {
    for (const row of await exported()) {
      const key = keyOf(row.force!, row.inspectionYear!, row.pillar!, row.questionKey!);
      const own = statements.get(key) ?? [];
      const where = `${key} (${row.sourceUrl})`;
      expect(Number(row.sourceCount), where).toBe(own.length + (onSeedPage.has(key) ? 1 : 0));
      if (onSeedPage.has(key)) {
        expect([row.sourceUrl, row.sourceKind, row.sourceBasis], where).toEqual([seedUrl, 'REPORT_PAGE', 'DIRECT']);
        continue;
      }
      // The statement the grade was taken from is one of the finding's own rows, with that kind and basis.
      const taken = own.filter((s) => s.source_url === row.sourceUrl);
      expect(taken.length, where).toBeGreaterThan(0);
      expect(
        taken.map((s) => [s.source_kind!.toUpperCase(), s.basis!.toUpperCase()]),
        where,
      ).toContainEqual([row.sourceKind, row.sourceBasis]);
      // …and the evidence follows from its kind.
      expect(row.evidence, where).toBe(row.sourceKind === 'SECONDARY' ? 'SECONDARY_ONLY' : 'HMICFRS');
    }
  });

  it('gives the same columns in NDJSON, years as numbers and labels as text', async () => {
    const csv = await exported('?year=2018&force=dorset');
    const ndjson = (await (await client.app.fetch('http://test/export/grades.ndjson?year=2018&force=dorset')).text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(ndjson.map((r) => Object.keys(r))).toEqual(csv.map((r) => Object.keys(r)));
    for (const row of ndjson) {
      expect(row).toMatchObject({ year: 2018, inspectionYear: '2018/19', comparableWithPrevious: true });
      expect(typeof row.sourceCount).toBe('number');
    }
  });
});
