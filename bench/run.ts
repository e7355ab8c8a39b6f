// npm run bench: throughput and latency of ForceReport and Compare (43 forces), ours beside a peer
// and a floor, on a fresh database, every server under the same Node (the project's own, which
// npm run puts first on PATH; this process's process.execPath).
//
// On PostgreSQL (DATABASE_URL set) every server reads one fresh database (dropped afterwards):
//   - peel-graphql uncached (RESPONSE_CACHE_TTL_MS=0), and with its response cache on (the default, in memory);
//   - PostGraphile v5 (bench/postgraphile/: the same data through its generated schema);
//   - the floor (bench/floor.ts: node:http and one hand-written SQL statement per operation).
// Without DATABASE_URL only peel-graphql runs, on in-memory PGlite (the others need a shared server).
// Each is driven over loopback by autocannon at 1 and 32 connections; the ratios compare ours with
// PostGraphile and the floor. SQL statements per request are counted in this process with the
// statement log the tests use. Figures are printed, never asserted.
//   BENCH_SECONDS=5 (per run)   BENCH_CONNECTIONS=1,32
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { projectRoot } from '../src/db/connect.js';
import { prepareDatabase } from '../src/startup/prepare.js';
import { StatementLog } from '../src/db/statement-log.js';
import { createApp } from '../src/http/yoga.js';
import { readCatalogue } from '../src/ingest/catalogue.js';
import { preparePostGraphile } from './postgraphile-setup.js';
import { freshDatabaseUrl, startFloor, startPostGraphile, startServer } from './server.js';
import type { ChildProcess } from 'node:child_process';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '1,32').split(',').map(Number);
const basePort = Number(process.env.BENCH_PORT ?? 4789);

type OperationName = 'Compare (43 forces)' | 'ForceReport';
const operationNames: OperationName[] = ['Compare (43 forces)', 'ForceReport'];

interface Target {
  name: string;
  port: number;
  /** The request body for each operation, in this server's own schema. */
  bodies: Record<OperationName, string>;
  statements: Record<OperationName, string>;
  process: ChildProcess;
}

const operationFile = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');
const allForces = readCatalogue(path.join(projectRoot, 'fixtures')).forces.map((f) => f.slug);
const ourBodies: Record<OperationName, string> = {
  'Compare (43 forces)': JSON.stringify({
    query: operationFile('operations/compare.graphql'),
    operationName: 'Compare',
    variables: { forces: allForces },
  }),
  ForceReport: JSON.stringify({ query: operationFile('operations/report.graphql'), operationName: 'ForceReport' }),
};

async function ourStatementCounts(): Promise<Record<OperationName, string>> {
  const log = new StatementLog();
  const { database } = await prepareDatabase({ kind: 'pglite', dataDir: undefined }, { logger: log });
  const app = createApp({ database, graphiql: false });
  const counts = {} as Record<OperationName, string>;
  for (const name of operationNames) {
    const { statements } = await log.capture(() =>
      Promise.resolve(
        app.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: ourBodies[name] }),
      ).then((r) => r.text()),
    );
    counts[name] = String(statements.length);
  }
  await database.close();
  return counts;
}

/** PostGraphile's conditions match row ids, so its variables name Cambridgeshire and 2017 by id. */
async function postGraphileBodies(url: string): Promise<Record<OperationName, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client
    .query(`select f.id as force_id, y.id as year_id from forces f, inspection_years y where f.slug = 'cambridgeshire' and y.year = 2017`)
    .finally(() => client.end());
  const query = operationFile('bench/postgraphile/operations.graphql');
  return {
    'Compare (43 forces)': JSON.stringify({ query, operationName: 'Compare', variables: { year: 2017, pillar: 'effectiveness' } }),
    ForceReport: JSON.stringify({
      query,
      operationName: 'ForceReport',
      variables: { forceId: rows[0].force_id, yearId: rows[0].year_id, pillar: 'effectiveness' },
    }),
  };
}

function drive(target: Target, name: OperationName, connections: number, duration = seconds): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${target.port}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: target.bodies[name],
    connections,
    duration,
  });
}

/** Every server must answer every operation with data and no errors before it is measured. */
async function check(target: Target): Promise<void> {
  for (const name of operationNames) {
    const response = await fetch(`http://127.0.0.1:${target.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: target.bodies[name],
    });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: unknown; errors?: unknown };
    if (!response.ok || body.errors || !body.data || !/requires.improvement/i.test(text)) {
      throw new Error(`${target.name} answered ${name} wrongly (${response.status}): ${text.slice(0, 300)}`);
    }
  }
}

const statements = await ourStatementCounts();
const { url, drop } = await freshDatabaseUrl();
const onPostgres = !url.startsWith('pglite');
const targets: Target[] = [];
let port = basePort;
// The read rate limit is off: one client address sends everything here.
const uncached = { RESPONSE_CACHE_TTL_MS: '0', RATE_LIMIT_READS_PER_MINUTE: '0' };
const add = async (name: string, start: (port: number) => Promise<ChildProcess>, bodies = ourBodies, counts = statements) => {
  const targetPort = port++;
  targets.push({ name, port: targetPort, bodies, statements: counts, process: await start(targetPort) });
};
const ours = 'peel-graphql, uncached';
const oursCached = 'peel-graphql, cached';
const postGraphile = 'PostGraphile 5';
const floor = 'floor';
try {
  await add(ours, (p) => startServer(url, p, uncached));
  // PostGraphile and the floor need a server they can share: PGlite lives inside our process.
  const peer = onPostgres ? preparePostGraphile() : { skipped: 'PostGraphile and the floor need PostgreSQL (set DATABASE_URL)' };
  if ('ready' in peer) {
    const cachedCounts = Object.fromEntries(operationNames.map((n) => [n, `${statements[n]} (first)`])) as Record<OperationName, string>;
    await add(oursCached, (p) => startServer(url, p, { RATE_LIMIT_READS_PER_MINUTE: '0' }), ourBodies, cachedCounts);
    // The floor's by construction; PostGraphile's read once from PostgreSQL's log (log_statement = 'all').
    const oneStatementEach = { 'Compare (43 forces)': '1', ForceReport: '1' };
    await add(postGraphile, (p) => startPostGraphile(url, p), await postGraphileBodies(url), oneStatementEach);
    await add(floor, (p) => startFloor(url, p), ourBodies, oneStatementEach);
  } else {
    console.log(`(${peer.skipped})`);
  }
  for (const target of targets) {
    await check(target);
    // A short run each first, so no measured run pays for warm-up (JIT, prepared statements, cache fill).
    for (const name of operationNames) await drive(target, name, 4, 1);
  }
  console.log(
    `\n${onPostgres ? 'PostgreSQL' : 'embedded PGlite'}, every server on Node ${process.versions.node}, ${seconds} s per run, loopback, this machine's ${(await import('node:os')).cpus().length} cores\n`,
  );
  const header = ['server', 'operation', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'SQL statements/request'];
  const rows: string[][] = [];
  const rate = new Map<string, number>();
  for (const name of operationNames) {
    for (const connections of connectionCounts) {
      for (const target of targets) {
        const result = await drive(target, name, connections);
        rate.set(`${target.name}|${name}|${connections}`, result.requests.average);
        rows.push([
          target.name,
          name,
          String(connections),
          result.requests.average.toFixed(0),
          String(result.latency.p50),
          String(result.latency.p99),
          String(result.errors + result.non2xx + result.timeouts),
          target.statements[name],
        ]);
      }
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  if (targets.length > 1) {
    console.log('\nratios (above 1: ours is faster)');
    const ratio = (a: string, b: string, name: OperationName, connections: number) =>
      (rate.get(`${a}|${name}|${connections}`)! / rate.get(`${b}|${name}|${connections}`)!).toFixed(2);
    for (const name of operationNames) {
      for (const connections of connectionCounts) {
        const cells = [ours, oursCached].map(
          (mine) =>
            `${mine === ours ? 'uncached' : 'cached'}: ours/PostGraphile ${ratio(mine, postGraphile, name, connections)}, ours/floor ${ratio(mine, floor, name, connections)}`,
        );
        console.log(`${name} at ${connections} connection(s): ${cells.join('; ')}`);
      }
    }
  }
} finally {
  for (const { process: child } of targets) {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
  await drop();
}
