// PostgreSQL with every connection taken by someone else (SQLSTATE 53300, "too many clients"), and a
// statement that meets statement_timeout: GraphQL, the exports and imports answer 503 with
// Retry-After, never 200 or 500; a server started meanwhile waits and serves once connections free
// up. The cap is a role's CONNECTION LIMIT, which PostgreSQL enforces with the same SQLSTATE as
// max_connections, on a database of this test's own.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../src/db/connect.js';
import { prepareDatabase } from '../src/startup/prepare.js';
import { createApp } from '../src/http/yoga.js';
import { backend } from './helpers/database.js';
import { operationFile } from './helpers/graphql.js';

const root = path.resolve(import.meta.dirname, '..');
const SLOTS = 4;
const TOKEN = 'exhaustion-test-token-0123456789';
const name = `peel_cap_${randomBytes(5).toString('hex')}`;
const adminUrl = process.env.DATABASE_URL ?? '';
const roleUrl = (() => {
  const url = new URL(adminUrl || 'postgres://localhost/x');
  url.username = name;
  url.password = '';
  url.pathname = `/${name}`;
  return url.toString();
})();

async function admin(statement: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(statement, params);
  } finally {
    await client.end();
  }
}

/** Clients of the capped role, opened until PostgreSQL refuses the next with 53300. */
const held: pg.Client[] = [];
async function takeEveryConnection() {
  for (;;) {
    const client = new pg.Client({ connectionString: roleUrl });
    try {
      await client.connect();
    } catch (error) {
      expect((error as { code?: string }).code).toBe('53300');
      return;
    }
    client.on('error', () => {});
    held.push(client);
  }
}
const release = () => Promise.all(held.splice(0).map((client) => client.end().catch(() => {})));

describe.runIf(backend === 'postgres')('every PostgreSQL connection held elsewhere', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    await admin(`create role ${name} login connection limit ${SLOTS}`);
    await admin(`create database ${name} owner ${name}`);
    // Migrated and seeded by the role itself, which owns everything.
    const prepared = await prepareDatabase({ kind: 'postgres', url: roleUrl });
    await prepared.database.close();
    database = await openDatabase({ kind: 'postgres', url: roleUrl }, { statementTimeoutMs: 500, poolWaitMs: 1_000 });
  }, 60_000);
  afterAll(async () => {
    await release();
    await database?.close();
    await admin(`drop database if exists ${name} with (force)`);
    await admin(`drop role if exists ${name}`);
  });

  it('answers GraphQL reads that need SQL, exports and imports 503 with Retry-After, and recovers', async () => {
    const app = createApp({ database, apiToken: TOKEN, cacheTtlMs: 0 });
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify(body),
      });
    const search = { query: '{ search(query: "domestic abuse", first: 1) { totalCount } }' };
    expect((await post(search)).status).toBe(200);
    // Every slot taken, and the app's own idle connections ended, so its next query needs a new one.
    await takeEveryConnection();
    const holders = held.map((client) => (client as unknown as { processID: number }).processID);
    await admin('select pg_terminate_backend(pid) from pg_stat_activity where usename = $1 and not (pid = any($2::int[]))', [
      name,
      holders,
    ]);
    await takeEveryConnection();
    expect(held.length).toBe(SLOTS);

    const refusedBusy = async (response: Response) => {
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await response.json()) as any;
      return body.errors?.[0]?.extensions?.code ?? body.code;
    };
    expect(await refusedBusy(await post(search))).toBe('DATABASE_BUSY');
    expect(await refusedBusy(await app.fetch('http://test/export/grades.csv?year=2017'))).toBe('DATABASE_BUSY');
    // A page that parses (on the parser's thread, before any SQL): matching it to the catalogue needs a connection.
    const seed = readFileSync(path.join(root, 'fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt'), 'utf8');
    const page = { query: operationFile('import.graphql'), variables: { text: seed, format: 'TEXT' } };
    expect(await refusedBusy(await post(page, { authorization: `Bearer ${TOKEN}` }))).toBe('DATABASE_BUSY');

    await release();
    const back = await post(search);
    expect(back.status).toBe(200);
    expect(((await back.json()) as any).data.search.totalCount).toBeGreaterThan(0);
  }, 60_000);

  it('answers an export that meets statement_timeout 503 DATABASE_BUSY, as GraphQL does', async () => {
    const app = createApp({ database, cacheTtlMs: 0 });
    // A lock held elsewhere keeps the export's query waiting until statement_timeout (500 ms) stops it.
    const locker = new pg.Client({ connectionString: adminUrl.replace(/\/[^/]*$/, `/${name}`) });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table findings in access exclusive mode');
      const started = performance.now();
      const response = await app.fetch('http://test/export/grades.csv?year=2017');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(await response.json()).toEqual({ error: 'the database is too busy to answer in time; retry shortly', code: 'DATABASE_BUSY' });
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    expect((await app.fetch('http://test/export/grades.csv?year=2017')).status).toBe(200);
  }, 30_000);

  it('starts while no connection is free: waits, one log line per attempt, then serves', async () => {
    await takeEveryConnection();
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'src/main.ts')], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: roleUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', STARTUP_DATABASE_WAIT_MS: '30000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    try {
      const waited = Date.now() + 20_000;
      while (!/database not available at start \(attempt 2:/.test(output) && Date.now() < waited)
        await new Promise((r) => setTimeout(r, 100));
      const retries = output.split('\n').filter((line) => line.includes('database not available at start'));
      expect(retries.length).toBeGreaterThanOrEqual(2);
      expect(JSON.parse(retries[0]!).msg).toMatch(
        /^database not available at start \(attempt 1: .*too many connections.*\(53300\)\); trying again in 0\.5 s, for up to 30 s in all \(STARTUP_DATABASE_WAIT_MS\)$/,
      );
      await release();
      const ready = Date.now() + 20_000;
      while (!output.includes('peel-graphql ready in') && Date.now() < ready) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('peel-graphql ready in');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 60_000);
});
