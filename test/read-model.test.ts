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
import { reportKey } from '../src/queries/snapshot.js';
import { HELD_TABLES, readDataVersion } from '../src/queries/snapshot-tables.js';
import { ReadModel, STALENESS_BOUND_MS } from '../src/queries/read-model.js';
import { createApp, type App } from '../src/http/yoga.js';
import { DEFAULT_LIMITS } from '../src/http/limits.js';
import { StatementLog } from '../src/db/statement-log.js';
import { backend, type TestDatabase } from './helpers/database.js';
import { graphqlClient, seededApi } from './helpers/graphql.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const VISIBLE_WITHIN_MS = 15_000;
const TOKEN = 'read-model-token';
const seed = readFileSync(path.join(root, 'fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt'), 'utf8');

const api = seededApi({ apiToken: TOKEN });

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

// Read from the snapshot (a top-level force(slug:) is read in SQL).
const SHORT_NAME = `{ report(force: "cambridgeshire", year: 2017, pillar: EFFECTIVENESS) { force { shortName } } }`;

const request = (query: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
  body: JSON.stringify({ query }),
});

/** Cambridgeshire's short name as `app` answers it, with the answer's X-Data-Version; asking for `minVersion` when given. */
async function shortNameVia(app: App, minVersion?: number): Promise<{ shortName: string; version: number }> {
  const response = await app.fetch(
    'http://test/graphql',
    request(SHORT_NAME, minVersion === undefined ? {} : { 'x-min-data-version': String(minVersion) }),
  );
  const body = await response.json();
  if (!body.data) throw new Error(JSON.stringify(body));
  return { shortName: body.data.report.force.shortName, version: Number(response.headers.get('x-data-version')) };
}

describe(`the read model (${backend})`, () => {
  it('answers reads without SQL; a first load reads every table, a refresh only what changed', async () => {
    expect((await api.execute(REPORT)).statements).toBe(0);
    const readModel = new ReadModel(api.database);
    const first = await api.database.log.capture(() => readModel.refresh());
    // One statement: the version, and every held table as JSON, in one snapshot of the database.
    expect(first.statements.map((s) => s.sql)).toHaveLength(1);
    const load = first.statements[0]!.sql;
    for (const table of HELD_TABLES) expect(load).toContain(`from "${table}" where`);
    const before = first.result;

    // On PostgreSQL the file's other read model, refreshing and polling on connections of its own,
    // lands in the same log: so statements are told apart by kind, not counted.
    const kinds = (statements: { sql: string }[]) =>
      statements.map((s) =>
        s.sql.includes('from peel_change_log')
          ? 'refresh'
          : /^select peel_data_version\(\)/.test(s.sql)
            ? 'poll'
            : /^update forces /.test(s.sql)
              ? 'write'
              : s.sql,
      );
    const unchanged = await api.database.log.capture(() => readModel.refresh());
    expect(kinds(unchanged.statements)).toContain('refresh');
    expect(kinds(unchanged.statements).filter((kind) => kind !== 'refresh' && kind !== 'poll')).toEqual([]);
    expect(unchanged.result).toBe(before);

    const changed = await api.database.log.captureAll(async () => {
      await renameCambridgeshire('Cambs (refresh)');
      return readModel.atLeast(await readDataVersion(api.database.db), 5_000);
    });
    const version = await readDataVersion(api.database.db);
    expect(version).toBeGreaterThan(before.version);
    const after = changed.result;
    // However the refresh was started (the feed, the poll, atLeast), each is one statement: no transaction around it.
    expect(kinds(changed.statements)).toContain('refresh');
    expect(kinds(changed.statements).filter((kind) => !['refresh', 'poll', 'write'].includes(kind))).toEqual([]);
    expect(after.version).toBe(version);
    expect(after.forceBySlug.get('cambridgeshire')!.shortName).toBe('Cambs (refresh)');
    // Everything else is the previous snapshot's own.
    expect(after.findingById).toBe(before.findingById);
    expect(after.contentOfFinding).toBe(before.contentOfFinding);
    expect(after.reportsOfForce).toBe(before.reportsOfForce);
    expect(after.forceBySlug).not.toBe(before.forceBySlug);
    readModel.close();
    await renameCambridgeshire('Cambridgeshire');
  });

  it('a narrative change re-reads only the findings it touched', async () => {
    const readModel = new ReadModel(api.database);
    const before = await readModel.snapshot();
    const report = before.reportByKey.get(
      reportKey(before.forceBySlug.get('cambridgeshire')!.id, before.yearByYear.get(2017)!.id, 'effectiveness'),
    )!;
    const [headline, other] = before.findingsOfReport.get(report.id)!.filter((f) => before.contentOfFinding.has(f.id));
    await api.database.db.execute(
      sql`update content_blocks set text = text || ' (edited)' where finding_id = ${headline!.id} and kind = 'paragraph' and position = 0`,
    );
    const after = await readModel.atLeast(await readDataVersion(api.database.db), 5_000);
    expect(after.contentOfFinding.get(headline!.id)![0]!.text).toMatch(/ \(edited\)$/);
    // The untouched finding's narrative is the very same array.
    expect(after.contentOfFinding.get(other!.id)).toBe(before.contentOfFinding.get(other!.id));
    expect(after.findingById).toBe(before.findingById);
    readModel.close();
    await api.database.db.execute(
      sql`update content_blocks set text = left(text, length(text) - length(' (edited)')) where finding_id = ${headline!.id} and kind = 'paragraph' and position = 0`,
    );
  });

  it('an UPDATE that changes nothing makes no version', async () => {
    const version = await readDataVersion(api.database.db);
    await api.database.db.execute(sql`update forces set name = name`);
    await api.database.db.execute(sql`update findings set grade = grade where false`);
    expect(await readDataVersion(api.database.db)).toBe(version);
  });

  it('a write made straight to the database reaches reads that do not ask for it, by the change feed alone', async () => {
    // A clock that never moves: the staleness bound never runs out, so only the notification can refresh
    // (on PostgreSQL the version poll can too).
    const readModel = new ReadModel(api.database, undefined, () => 0);
    const app = createApp({ database: api.database, cacheTtlMs: 0, readModel });
    const before = await readModel.snapshot();
    await renameCambridgeshire('Cambs (feed)');
    const deadline = performance.now() + VISIBLE_WITHIN_MS;
    let answer: { shortName: string; version: number };
    do {
      await new Promise((resolve) => setTimeout(resolve, 5));
      answer = await shortNameVia(app);
    } while (answer.shortName !== 'Cambs (feed)' && performance.now() < deadline);
    expect(answer.shortName).toBe('Cambs (feed)');
    expect(answer.version).toBeGreaterThan(before.version);
    expect(answer.version).toBe(await readDataVersion(api.database.db));
    readModel.close();
    await renameCambridgeshire('Cambridgeshire');
  });

  it('X-Min-Data-Version: read-your-write 100 times in 100, response cache on and off', async () => {
    const cached = createApp({ database: api.database, cacheTtlMs: 60_000, readModel: new ReadModel(api.database) });
    const uncached = createApp({ database: api.database, cacheTtlMs: 0, readModel: new ReadModel(api.database) });
    for (const app of [cached, uncached]) await shortNameVia(app); // loaded, and for the cached one, cached
    let seen = 0;
    for (let i = 0; i < 100; i++) {
      await renameCambridgeshire(`Cambs ${i}`);
      const version = await readDataVersion(api.database.db);
      for (const app of [cached, uncached]) {
        const answer = await shortNameVia(app, version);
        if (answer.shortName === `Cambs ${i}` && answer.version >= version) seen++;
      }
    }
    expect(seen).toBe(200);
    await renameCambridgeshire('Cambridgeshire');
  });

  it('with the response cache on, a direct write is served within the staleness bound', async () => {
    const app = createApp({ database: api.database, cacheTtlMs: 60_000, readModel: new ReadModel(api.database) });
    expect((await shortNameVia(app)).shortName).toBe('Cambridgeshire');
    expect((await shortNameVia(app)).shortName).toBe('Cambridgeshire'); // from the cache now
    await renameCambridgeshire('Cambs (cached)');
    const committed = performance.now();
    let answer;
    do answer = await shortNameVia(app);
    while (answer.shortName !== 'Cambs (cached)' && performance.now() - committed < VISIBLE_WITHIN_MS);
    expect(answer.shortName).toBe('Cambs (cached)');
    await renameCambridgeshire('Cambridgeshire');
  });

  it('refuses a malformed X-Min-Data-Version, and one never reached, each with a clear answer', async () => {
    const app = createApp({
      database: api.database,
      cacheTtlMs: 0,
      readModel: new ReadModel(api.database),
      limits: { ...DEFAULT_LIMITS, executionTimeoutMs: 500 },
    });
    for (const bad of ['0', '-1', '1.5', 'abc', '1e3', '0x10', '9'.repeat(16), 'x'.repeat(100_000), '12 13']) {
      const response = await app.fetch('http://test/graphql', request(SHORT_NAME, { 'x-min-data-version': bad }));
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].message).toMatch(/^X-Min-Data-Version must be a data version: a whole number from 1 to 999999999999999/);
      expect(body.errors[0].message.length).toBeLessThan(300);
    }
    const version = await readDataVersion(api.database.db);
    const started = performance.now();
    const response = await app.fetch('http://test/graphql', request(SHORT_NAME, { 'x-min-data-version': String(version + 1000) }));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    const body = await response.json();
    expect(body.errors[0].extensions).toMatchObject({ code: 'DATA_VERSION_NOT_REACHED', wanted: version + 1000, newest: version });
    expect(body.errors[0].message).toMatch(
      new RegExp(`^data version ${version + 1000} was not reached within 400 ms; the newest committed is ${version}`),
    );
  });

  it('a NOTIFY by hand naming a version never committed costs a refresh, not freshness', async () => {
    let now = 0;
    const readModel = new ReadModel(api.database, undefined, () => now);
    const held = await readModel.snapshot();
    await api.database.db.execute(sql`select pg_notify('peel_changes', ${String(held.version + 1_000_000)})`);
    await readModel.settled();
    now += 10 * STALENESS_BOUND_MS;
    expect(await readModel.snapshot()).toBe(held);
    expect(readModel.describe()).toBe('current');
    readModel.close();
  });

  it('a snapshot nothing has confirmed within the bound is not served: reads wait for a refresh', async () => {
    let now = 0;
    let feedVersions: ((version: number) => void) | undefined;
    // A feed that hears nothing and never polls well: the database is asked only when a read must.
    const readModel = new ReadModel(
      {
        db: api.database.db,
        changes: async () => ({
          live: true,
          inProcess: false,
          restart: () => {},
          subscribe: (listener) => {
            feedVersions = (version) => listener({ kind: 'changed', version });
            return () => {};
          },
          close: async () => {},
        }),
      },
      undefined,
      () => now,
    );
    const held = await readModel.snapshot();
    readModel.close(); // no polling: only reads may confirm
    expect(readModel.snapshot()).toBe(held);
    await renameCambridgeshire('Cambs (bound)');
    now += STALENESS_BOUND_MS - 1;
    expect(readModel.snapshot()).toBe(held); // within the bound: the held one, at once
    expect(readModel.describe()).toBe('current');
    now += 2;
    expect(readModel.describe()).toMatch(/^stale/);
    const waited = readModel.snapshot();
    expect(waited).toBeInstanceOf(Promise);
    expect((await waited).forceBySlug.get('cambridgeshire')!.shortName).toBe('Cambs (bound)');
    expect(readModel.describe()).toBe('current');
    expect(feedVersions).toBeDefined();
    await renameCambridgeshire('Cambridgeshire');
  });

  it('a feed that stops announcing commits is restarted within two polls, and reads stay within the bound meanwhile', async () => {
    const restarts: string[] = [];
    const readModel = new ReadModel({
      db: api.database.db,
      // Deaf: live, but it never hears a thing.
      changes: async () => ({
        live: true,
        inProcess: false,
        restart: (reason) => void restarts.push(reason),
        subscribe: () => () => {},
        close: async () => {},
      }),
    });
    await readModel.snapshot();
    await renameCambridgeshire('Cambs (deaf)');
    const written = performance.now();
    while (restarts.length === 0 && performance.now() - written < VISIBLE_WITHIN_MS)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(restarts[0]).toMatch(/^version \d+ committed but not announced within \d+ ms$/);
    expect((await readModel.snapshot()).forceBySlug.get('cambridgeshire')!.shortName).toBe('Cambs (deaf)');
    readModel.close();
    await renameCambridgeshire('Cambridgeshire');
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

  it('after its listening connection is killed: reads stay fresh by polling until it is back, then it is current again', async () => {
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
