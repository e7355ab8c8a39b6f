// Carried-over judgements, held against fixtures/grades.csv itself: a finding is carried over from
// the round its statements name (a statement that names none does not contradict one that does), and
// the 2017 Cambridgeshire effectiveness questions its page does not list read "Good, carried over
// from 2016" wherever the data goes: the report, compare, history and the export.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { seededApi } from './helpers/graphql.js';

const client = seededApi();
const { execute } = client;

type Row = Record<string, string>;
const statements = parse(readFileSync(new URL('../fixtures/grades.csv', import.meta.url), 'utf8'), { columns: true }) as Row[];
const keyOf = (force: string, label: string, pillar: string, question: string) => [force, label, pillar.toLowerCase(), question].join('|');

/** Per finding of the grades data: the rounds its statements say it was carried over from. */
const namedRounds = new Map<string, Set<string>>();
for (const s of statements) {
  const key = keyOf(s.force!, s.year_label!, s.pillar!, s.question_key!);
  const rounds = namedRounds.get(key) ?? new Set<string>();
  if (s.carried_over_from) rounds.add(s.carried_over_from);
  namedRounds.set(key, rounds);
}

describe('carried-over judgements', () => {
  it('every finding of the grades data is carried over from the round its statements name, in the export', async () => {
    const exported = parse(await (await client.app.fetch('http://test/export/grades.csv')).text(), { columns: true }) as Row[];
    let carried = 0;
    let checked = 0;
    for (const row of exported) {
      const rounds = namedRounds.get(keyOf(row.force!, row.inspectionYear!, row.pillar!, row.questionKey!));
      if (!rounds) continue; // known only from the report page
      checked++;
      if (rounds.size > 1) {
        expect(row.conflict, `${row.force} ${row.inspectionYear} ${row.questionKey}`).toBe('true');
        continue;
      }
      const expected = rounds.size === 1 ? [...rounds][0]! : '';
      if (expected) carried++;
      expect(row.carriedOverFrom, `${row.force} ${row.inspectionYear} ${row.questionKey}`).toBe(expected);
    }
    expect(checked).toBe(namedRounds.size);
    expect(carried).toBe([...namedRounds.values()].filter((rounds) => rounds.size === 1).length);
    expect(carried).toBeGreaterThan(50);
  });

  it("reads Cambridgeshire's 2017 preventing crime and serious and organised crime as Good, carried over from 2016, everywhere", async () => {
    const carriedGood = { grade: 'GOOD', carriedOverFrom: { label: '2016' } };
    const report = await execute(
      '{ report(force: "cambridgeshire", year: 2017, pillar: EFFECTIVENESS) { findings { question { key } grade carriedOverFrom { label } } } }',
    );
    const byKey = new Map(report.body.data.report.findings.map((f: any) => [f.question.key, f]));
    for (const key of ['eff_q1', 'eff_q4']) expect(byKey.get(key)).toMatchObject(carriedGood);
    // The three questions the page lists were inspected in 2017.
    for (const key of ['eff_q2', 'eff_q3', 'eff_q5']) expect(byKey.get(key)).toMatchObject({ carriedOverFrom: null });

    const compare = await execute(
      '{ compare(forces: ["cambridgeshire"], year: 2017, pillar: EFFECTIVENESS) { rows { question { key } cells { grade carriedOverFrom { label } } } } }',
    );
    const cells = new Map(compare.body.data.compare.rows.map((r: any) => [r.question.key, r.cells[0]]));
    for (const key of ['eff_q1', 'eff_q4']) expect(cells.get(key)).toEqual(carriedGood);

    for (const theme of ['preventing-crime', 'serious-organised-crime']) {
      const history = await execute(
        `{ force(slug: "cambridgeshire") { history(theme: "${theme}", pillar: EFFECTIVENESS) { inspectionYear { label } grade carriedOverFrom { label } } } }`,
      );
      const entries = history.body.data.force.history;
      expect(entries.find((e: any) => e.inspectionYear.label === '2017')).toMatchObject(carriedGood);
    }
  });
});
