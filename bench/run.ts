// npm run bench: throughput and latency of the main operations, measured on a fresh database.
//
// Starts the server (src/main.ts) as its own process on a fresh database (in-memory PGlite, or a new
// database on the PostgreSQL server named by DATABASE_URL, dropped afterwards), then drives it over
// loopback with autocannon at 1 and 32 connections. SQL statements per request are counted in this
// process on another fresh database with the statement log the tests use. Figures are printed, never
// asserted: they depend on the machine.
//   BENCH_SECONDS=10 (per run)   BENCH_CONNECTIONS=1,32   RESPONSE_CACHE_TTL_MS (default 0: uncached)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../src/db/connect.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { StatementLog } from '../src/db/statement-log.js';
import { createApp } from '../src/http/yoga.js';
import { freshDatabaseUrl, startServer } from './server.js';

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

function run(op: Operation, connections: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
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
const backendName = url.startsWith('pglite') ? 'embedded PGlite' : 'PostgreSQL';
try {
  // One request each first, so the first measured one does not pay for warm-up.
  for (const op of operations) await run(op, 1).then(() => undefined);
  console.log(`\npeel-graphql on ${backendName}, Node ${process.version}, ${seconds} s per run\n`);
  const header = ['operation', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'SQL statements/request'];
  const rows: string[][] = [];
  for (const op of operations) {
    for (const connections of connectionCounts) {
      const result = await run(op, connections);
      const errors = result.errors + result.non2xx + result.timeouts;
      rows.push([
        op.name,
        String(connections),
        result.requests.average.toFixed(0),
        String(result.latency.p50),
        String(result.latency.p99),
        String(errors),
        String(statements.get(op.name)),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const byName = (name: string, connections: number) => Number(rows.find((r) => r[0] === name && r[1] === String(connections))?.[2]);
  for (const op of operations) {
    const [low, high] = [byName(op.name, connectionCounts[0]!), byName(op.name, connectionCounts.at(-1)!)];
    console.log(`${op.name}: ${connectionCounts.at(-1)} vs ${connectionCounts[0]} connections = ${(high / low).toFixed(2)}x the throughput`);
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await drop();
}
