// The read model: reads come from memory, and every committed write reaches them, whoever makes it:
// this process, another instance, the CLI, psql. Bounds are generous (a busy CI must not flake);
// what is asserted is that the change arrives, not how fast (npm run bench measures that).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { SNAPSHOT_STATEMENTS } from '../src/queries/snapshot.js';
import { StatementLog } from '../src/db/statement-log.js';
import { backend, type TestDatabase } from './helpers/database.js';
import { graphqlClient, seededApi } from './helpers/graphql.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const VISIBLE_WITHIN_MS = 15_000;
const TOKEN = 'read-model-token';
const seed = readFileSync(path.join(root, 'fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt'), 'utf8');

const api = seededApi({ apiToken: TOKEN });
const TRANSACTION_STATEMENTS =
  backend === 'postgres'
    ? ['begin isolation level repeatable read read only', 'commit']
    : ['set transaction isolation level repeatable read read only'];

const REPORT = `{ report(force: "cambridgeshire", year: 2017, pillar: EFFECTIVENESS) {
  lastUpdated force { shortName } findings { question { key } sources { url } } } }`;

interface Seen {
  lastUpdated: string | null;
  shortName: string;
  sourceUrls: string[];
}

/** What the first instance now answers about Cambridgeshire's 2017 effectiveness report. */
async function seen(): Promise<Seen> {
  const { body } = await api.execute(REPORT);
  const report = body.data.report;
  return {
    lastUpdated: report.lastUpdated,
    shortName: report.force.shortName,
    sourceUrls: report.findings.flatMap((f: any) => f.sources.map((s: any) => s.url)),
  };
}

/** Polls until `test` holds of what the first instance answers; fails after VISIBLE_WITHIN_MS. */
async function eventually(test: (now: Seen) => boolean): Promise<Seen> {
  const deadline = performance.now() + VISIBLE_WITHIN_MS;
  for (;;) {
    const now = await seen();
    if (test(now)) return now;
    if (performance.now() > deadline) throw new Error(`not visible within ${VISIBLE_WITHIN_MS} ms: ${JSON.stringify(now)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const renameCambridgeshire = (shortName: string) =>
  api.database.db.execute(sql`update forces set short_name = ${shortName} where slug = 'cambridgeshire'`);

describe(`the read model (${backend})`, () => {
  it('answers reads without SQL, and a refresh costs a fixed number of statements', async () => {
    expect((await api.execute(REPORT)).statements).toBe(0);
    const { statements } = await api.database.log.capture(() => graphqlClient(api.database).readModel.reload());
    // One select per table, in one read-only repeatable-read transaction (whose BEGIN, SET and COMMIT
    // the log shows too, as each driver sends them).
    expect(statements.filter((s) => /^select /i.test(s.sql))).toHaveLength(SNAPSHOT_STATEMENTS);
    expect(statements.filter((s) => !/^select /i.test(s.sql)).map((s) => s.sql)).toEqual(TRANSACTION_STATEMENTS);
  });

  it('shows a write made straight to the database, not through the API', async () => {
    expect((await seen()).shortName).toBe('Cambridgeshire');
    await renameCambridgeshire('Cambs');
    expect((await eventually((now) => now.shortName === 'Cambs')).shortName).toBe('Cambs');
    await renameCambridgeshire('Cambridgeshire');
    await eventually((now) => now.shortName === 'Cambridgeshire');
  });
});

// Other processes and connections need one database they can all reach: PostgreSQL, not an embedded PGlite.
describe.skipIf(backend !== 'postgres')('writes from elsewhere reach the read model (postgres)', () => {
  // A second instance: its own pool and its own listening connection on the same database.
  let other: TestDatabase;
  let url: string;
  beforeAll(async () => {
    const target = api.database.target;
    if (target.kind !== 'postgres') throw new Error('postgres only');
    url = target.url;
    const log = new StatementLog();
    other = { ...(await openDatabase(target, { logger: log })), log };
  });
  afterAll(() => other?.close());

  it('through another instance: a deleted page and its re-import', async () => {
    const instance = graphqlClient(other, { apiToken: TOKEN });
    expect((await seen()).lastUpdated).toBe('2018-03-22');
    const deleted = await instance.execute(
      `mutation { deleteReport(input: { force: "cambridgeshire", year: 2017, pillar: EFFECTIVENESS }) { __typename } }`,
    );
    expect(deleted.body.data.deleteReport.__typename).toBe('DeleteReportSuccess');
    expect((await eventually((now) => now.lastUpdated === null)).lastUpdated).toBeNull();
    const imported = await instance.execute(`mutation($text: String!) { importReport(input: { text: $text }) { __typename } }`, {
      text: seed,
    });
    expect(imported.body.data.importReport.__typename).toBe('ImportReportSuccess');
    expect((await eventually((now) => now.lastUpdated === '2018-03-22')).lastUpdated).toBe('2018-03-22');
  });

  it('through npm run import:grades', async () => {
    const source = 'https://example.org/read-model-cli';
    expect((await seen()).sourceUrls).not.toContain(source);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'peel-read-model-')), 'more.csv');
    writeFileSync(
      file,
      'year_label,year,force,pillar,question_key,grade,carried_over_from,source_url,source_kind,basis,note\n' +
        `2017,2017,cambridgeshire,effectiveness,eff_q4,Outstanding,,${source},secondary,direct,a test statement\n`,
    );
    await run(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'src/cli/import-grades.ts'), file], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
    });
    expect((await eventually((now) => now.sourceUrls.includes(source))).sourceUrls).toContain(source);
  });

  it('through psql', async () => {
    await run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', "update forces set short_name = 'Cambs (psql)' where slug = 'cambridgeshire'"]);
    expect((await eventually((now) => now.shortName === 'Cambs (psql)')).shortName).toBe('Cambs (psql)');
    await renameCambridgeshire('Cambridgeshire');
    await eventually((now) => now.shortName === 'Cambridgeshire');
  });

  it('after its listening connection is killed: reads load their own until it is back, then it is current again', async () => {
    const readModel = graphqlClient(api.database).readModel;
    await readModel.snapshot();
    expect(readModel.describe()).toBe('current');
    const killed = await other.db.execute(
      sql`select pg_terminate_backend(pid) as killed from pg_stat_activity
          where datname = current_database() and query = 'LISTEN peel_changes'`,
    );
    expect((killed as unknown as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    await run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', "update forces set short_name = 'Cambs (lost)' where slug = 'cambridgeshire'"]);
    expect((await eventually((now) => now.shortName === 'Cambs (lost)')).shortName).toBe('Cambs (lost)');
    const deadline = performance.now() + VISIBLE_WITHIN_MS;
    while (readModel.describe() !== 'current' && performance.now() < deadline) {
      await readModel.snapshot();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(readModel.describe()).toBe('current');
    await renameCambridgeshire('Cambridgeshire');
    await eventually((now) => now.shortName === 'Cambridgeshire');
  });
});
