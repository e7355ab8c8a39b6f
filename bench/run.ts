// npm run bench: throughput and latency of the main operations, measured on a fresh database.
//
// Starts the server (src/main.ts) as its own process on a fresh database (in-memory PGlite, or a new
// database on the PostgreSQL server named by DATABASE_URL, dropped afterwards), then drives it over
// loopback with autocannon at 1 and 32 connections. SQL statements per request are counted in this
// process on another fresh database with the statement log the tests use. Figures are printed, never
// asserted: they depend on the machine. On PostgreSQL the same requests also go to a floor
// (bench/floor.ts: node:http and one hand-written SQL statement per operation) for the ratio ours/floor.
//   BENCH_SECONDS=10 (per run)   BENCH_CONNECTIONS=1,32   RESPONSE_CACHE_TTL_MS (default 0: uncached)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../src/db/connect.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { StatementLog } from '../src/db/statement-log.js';
import { createApp } from '../src/http/yoga.js';
import { freshDatabaseUrl, startFloor, startServer } from './server.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '1,32').split(',').map(Number);
const port = Number(process.env.BENCH_PORT ?? 4789);

const compareDoc = readFileSync(path.join(projectRoot, 'operations/compare.graphql'), 'utf8');
const reportDoc = readFileSync(path.join(projectRoot, 'operations/report.graphql'), 'utf8');

interface Operation {
  name: string;
  body: string;
}

async function statementsPerRequest(operations: Operation[]): Promise<Map<string, number>> {
  const log = new StatementLog();
  const { database } = await prepareDatabase({ kind: 'pglite', dataDir: undefined }, { logger: log });
  const app = createApp({ database, graphiql: false });
  const counts = new Map<string, number>();
  for (const op of operations) {
    const { statements } = await log.capture(() =>
      Promise.resolve(app.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: op.body })).then((r) => r.text()),
    );
    counts.set(op.name, statements.length);
  }
  await database.close();
  return counts;
}

function run(op: Operation, connections: number, targetPort: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${targetPort}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: op.body,
    connections,
    duration: seconds,
  });
}

const allForces = (await import('../src/ingest/catalogue.js')).readCatalogue(path.join(projectRoot, 'fixtures')).forces.map((f) => f.slug);
const operations: Operation[] = [
  { name: 'Compare (43 forces)', body: JSON.stringify({ query: compareDoc, operationName: 'Compare', variables: { forces: allForces } }) },
  { name: 'ForceReport', body: JSON.stringify({ query: reportDoc, operationName: 'ForceReport' }) },
];

const statements = await statementsPerRequest(operations);
const { url, drop } = await freshDatabaseUrl();
const server = await startServer(url, port, { RESPONSE_CACHE_TTL_MS: process.env.RESPONSE_CACHE_TTL_MS ?? '0' });
const onPostgres = !url.startsWith('pglite');
// The floor needs PostgreSQL: PGlite lives inside the server process and cannot be shared.
const floor = onPostgres ? await startFloor(url, port + 1) : null;
try {
  const targets = [{ name: 'peel-graphql', port }, ...(floor ? [{ name: 'floor (node:http + SQL)', port: port + 1 }] : [])];
  // One request each first, so the first measured one does not pay for warm-up.
  for (const target of targets) for (const op of operations) await run(op, 1, target.port);
  console.log(`\n${onPostgres ? 'PostgreSQL' : 'embedded PGlite'}, Node ${process.version}, ${seconds} s per run, response cache ${process.env.RESPONSE_CACHE_TTL_MS ? 'on' : 'off'}\n`);
  const header = ['server', 'operation', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'SQL statements/request'];
  const rows: string[][] = [];
  for (const op of operations) {
    for (const connections of connectionCounts) {
      for (const target of targets) {
        const result = await run(op, connections, target.port);
        rows.push([
          target.name,
          op.name,
          String(connections),
          result.requests.average.toFixed(0),
          String(result.latency.p50),
          String(result.latency.p99),
          String(result.errors + result.non2xx + result.timeouts),
          target === targets[0] ? String(statements.get(op.name)) : '1',
        ]);
      }
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const rate = (server: string, name: string, connections: number) =>
    Number(rows.find((r) => r[0] === server && r[1] === name && r[2] === String(connections))?.[3]);
  for (const op of operations) {
    for (const connections of connectionCounts) {
      const ours = rate('peel-graphql', op.name, connections);
      const ratio = floor ? `, ours/floor = ${(ours / rate(targets[1]!.name, op.name, connections)).toFixed(2)}` : '';
      console.log(`${op.name} at ${connections} connection(s): ${ours} req/s${ratio}`);
    }
  }
} finally {
  for (const child of [server, floor]) {
    if (!child) continue;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  await drop();
}
