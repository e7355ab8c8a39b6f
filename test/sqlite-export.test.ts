// /export/peel.sqlite: the whole data set in one SQLite file, opened with node:sqlite and held
// against the fixtures themselves (csv-parse counts them), made once per data version, with an ETag.
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { seededApi } from './helpers/graphql.js';

const TOKEN = 'sqlite-export-token';
const client = seededApi({ apiToken: TOKEN });
const folder = mkdtempSync(path.join(tmpdir(), 'peel-sqlite-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const fixture = (name: string) =>
  parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'), { columns: true }) as Record<string, string>[];

async function download(headers: Record<string, string> = {}) {
  const response = await client.app.fetch('http://test/export/peel.sqlite', { headers });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

function open(bytes: Uint8Array): DatabaseSync {
  const file = path.join(folder, `peel-${bytes.byteLength}-${Date.now()}.sqlite`);
  writeFileSync(file, bytes);
  return new DatabaseSync(file, { readOnly: true });
}

describe('/export/peel.sqlite', () => {
  it('opens as SQLite with every table and view, counted as the fixtures count them', async () => {
    const { response, bytes } = await download();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.sqlite3');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="peel.sqlite"');
    expect(new TextDecoder().decode(bytes.slice(0, 15))).toBe('SQLite format 3');
    const db = open(bytes);
    const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const objects = db.prepare(`select type, name from sqlite_master where type in ('table', 'view') order by name`).all();
    expect(objects.map((o) => `${o.type} ${o.name}`)).toEqual([
      'table areas_for_improvement',
      'table causes_of_concern',
      'table findings',
      'table forces',
      'view grades',
      'table inspection_years',
      'table narrative',
      'table questions',
      'table recommendations',
      'table reports',
      'table sources',
      'view statements',
    ]);
    const grades = fixture('grades.csv');
    expect(count('forces')).toBe(fixture('forces.csv').length);
    expect(count('inspection_years')).toBe(fixture('inspection-years.csv').length);
    expect(count('questions')).toBe(fixture('questions.csv').length);
    // One finding per force, round, pillar and question of the grades data; the seed page's own grade lines add a statement each.
    expect(count('findings')).toBe(new Set(grades.map((g) => [g.force, g.year_label, g.pillar, g.question_key].join('|'))).size);
    expect(count('sources')).toBe(grades.length + 4);
    expect(count('grades')).toBe(count('findings'));
    // The seed report's narrative: 28 blocks, 7 areas for improvement.
    expect([count('narrative'), count('areas_for_improvement')]).toEqual([28, 7]);
    db.close();
  });

  it("holds Cambridgeshire's 2017 carried-over judgements, the comparability of each round and the evidence", async () => {
    const db = open((await download()).bytes);
    const rows = db
      .prepare(
        `select question_key, grade, carried_over_from, evidence from grades where force = 'cambridgeshire' and inspection_year = '2017' and pillar = 'EFFECTIVENESS' order by question_key`,
      )
      .all();
    expect(rows.map((r) => [r.question_key, r.grade, r.carried_over_from, r.evidence])).toEqual([
      ['eff_q1', 'GOOD', '2016', 'SECONDARY_ONLY'],
      ['eff_q2', 'REQUIRES_IMPROVEMENT', null, 'HMICFRS'],
      ['eff_q3', 'REQUIRES_IMPROVEMENT', null, 'HMICFRS'],
      ['eff_q4', 'GOOD', '2016', 'HMICFRS'],
      ['eff_q5', null, null, 'HMICFRS'],
      ['overall', 'REQUIRES_IMPROVEMENT', null, 'HMICFRS'],
    ]);
    const comparable = Object.fromEntries(
      fixture('comparability.csv').map((r) => [r.year_label, r.comparable_with_previous === 'yes' ? 1 : 0]),
    );
    for (const y of db.prepare('select label, comparable_with_previous from inspection_years').all()) {
      expect(y.comparable_with_previous, String(y.label)).toBe(comparable[String(y.label)]);
    }
    const inadequate = db
      .prepare(
        `select count(*) as n from grades where inspection_year = '2023-25' and grade = 'INADEQUATE' and evidence = 'SECONDARY_ONLY'`,
      )
      .get();
    expect(inadequate).toEqual({ n: 13 });
    db.close();
  });

  it('is made once per data version: the ETag answers 304 until a write changes the data, then a new file', async () => {
    const first = await download();
    const etag = first.response.headers.get('etag')!;
    expect(etag).toBe(`"peel-${first.response.headers.get('x-data-version')}"`);
    const again = await download({ 'if-none-match': etag });
    expect(again.response.status).toBe(304);
    const seed = readFileSync(new URL('../fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt', import.meta.url), 'utf8');
    const write = await client.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        query: 'mutation($text: String!) { importReport(input: { text: $text }) { __typename } }',
        variables: { text: seed.replace('Last updated 22/03/2018', 'Last updated 23/03/2018') },
      }),
    });
    expect((await write.json()).data.importReport.__typename).toBe('ImportReportSuccess');
    const after = await download({ 'if-none-match': etag });
    expect(after.response.status).toBe(200);
    expect(after.response.headers.get('etag')).not.toBe(etag);
    const db = open(after.bytes);
    const report = db.prepare(
      `select r.last_updated from reports r join forces f on f.id = r.force_id join inspection_years y on y.id = r.inspection_year_id
       where f.slug = 'cambridgeshire' and y.label = '2017' and r.pillar = 'EFFECTIVENESS'`,
    );
    expect(report.get()).toEqual({ last_updated: '2018-03-23' });
    db.close();
  });
});
