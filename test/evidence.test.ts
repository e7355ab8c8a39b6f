// What each grade rests on (Finding.evidence), held against fixtures/grades.csv itself: HMICFRS when
// an HMICFRS page the data cites states the judgement (the seed's own report page counts), otherwise
// SECONDARY_ONLY; through the findings filter, the grade table and the export.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { seededApi } from './helpers/graphql.js';

const client = seededApi();
const { execute } = client;

type Row = Record<string, string>;
const statements = parse(readFileSync(new URL('../fixtures/grades.csv', import.meta.url), 'utf8'), { columns: true }) as Row[];
const keyOf = (force: string, label: string, pillar: string, question: string) => [force, label, pillar.toLowerCase(), question].join('|');
const STATES = new Set(['Not stated', 'Not graded', 'Ungraded']);

/**
 * Per finding of the grades data, from the rows alone: a grade stated anywhere is what the finding
 * shows, so an HMICFRS row stating a grade makes it HMICFRS; a finding with no grade rests on
 * HMICFRS when any HMICFRS row gives its state. The seed report's page states its own four.
 */
const expected = new Map<string, 'HMICFRS' | 'SECONDARY_ONLY'>();
const byFinding = Map.groupBy(statements, (s) => keyOf(s.force!, s.year_label!, s.pillar!, s.question_key!));
for (const [key, rows] of byFinding) {
  const graded = rows.some((r) => !STATES.has(r.grade!));
  const hmicfrs = rows.some((r) => r.source_kind === 'hmicfrs' && (!graded || !STATES.has(r.grade!)));
  expected.set(key, hmicfrs ? 'HMICFRS' : 'SECONDARY_ONLY');
}
for (const question of ['overall', 'eff_q2', 'eff_q3', 'eff_q5'])
  expected.set(keyOf('cambridgeshire', '2017', 'effectiveness', question), 'HMICFRS');

describe('evidence', () => {
  it('marks every finding in the export as the grades data says, and the findings filter agrees', async () => {
    const exported = parse(await (await client.app.fetch('http://test/export/grades.csv')).text(), { columns: true }) as Row[];
    expect(exported).toHaveLength(expected.size);
    for (const row of exported) {
      expect(row.evidence, `${row.force} ${row.inspectionYear} ${row.pillar} ${row.questionKey}`).toBe(
        expected.get(keyOf(row.force!, row.inspectionYear!, row.pillar!, row.questionKey!)),
      );
    }
    const hmicfrs = [...expected.values()].filter((e) => e === 'HMICFRS').length;
    const counted = await execute(
      '{ h: findings(filter: { evidence: [HMICFRS] }) { totalCount } s: findings(filter: { evidence: [SECONDARY_ONLY] }) { totalCount } }',
    );
    expect(counted.body.data).toEqual({ h: { totalCount: hmicfrs }, s: { totalCount: expected.size - hmicfrs } });
    const onlyHmicfrs = await (await client.app.fetch('http://test/export/grades.csv?evidence=hmicfrs')).text();
    expect(onlyHmicfrs.trimEnd().split('\r\n')).toHaveLength(1 + hmicfrs);
  });

  it('marks all 13 Inadequate grades of 2023-25 as resting only on pages quoting HMICFRS', async () => {
    const inadequate = [...byFinding].filter(
      ([key, rows]) => key.split('|')[1] === '2023-25' && rows.some((r) => r.grade === 'Inadequate'),
    );
    expect(inadequate).toHaveLength(13);
    const { body } = await execute(
      '{ findings(filter: { years: [2023], grades: [INADEQUATE] }, first: 50) { totalCount nodes { evidence sources { kind } } } }',
    );
    expect(body.data.findings.totalCount).toBe(13);
    for (const finding of body.data.findings.nodes) {
      expect(finding.evidence).toBe('SECONDARY_ONLY');
      expect(finding.sources.every((s: any) => s.kind === 'SECONDARY')).toBe(true);
    }
  });

  it("reads Cambridgeshire 2017 preventing crime as resting on the press: HMICFRS's page says only that it was carried over", async () => {
    const { body } = await execute(
      '{ report(force: "cambridgeshire", year: 2017, pillar: EFFECTIVENESS) { findings { question { key } evidence } } }',
    );
    expect(Object.fromEntries(body.data.report.findings.map((f: any) => [f.question.key, f.evidence]))).toEqual({
      eff_q1: 'SECONDARY_ONLY',
      eff_q2: 'HMICFRS',
      eff_q3: 'HMICFRS',
      eff_q4: 'HMICFRS',
      eff_q5: 'HMICFRS',
    });
  });
});
