// npm run bench: throughput and latency of ForceReport and Compare (43 forces), ours beside a peer
// and a floor, on a fresh database, every server under the same Node (the project's own, which
// npm run puts first on PATH; this process's process.execPath); then start time and memory.
//
// On PostgreSQL (DATABASE_URL set) every server reads one fresh database (dropped afterwards):
//   - peel-graphql as npm start runs it (src/start.ts, the bundle), uncached (RESPONSE_CACHE_TTL_MS=0)
//     and with its response cache on (the default, in memory);
//   - PostGraphile v5 (bench/postgraphile/: the same data through its generated schema);
//   - the floor (bench/floor.ts: node:http and one hand-written SQL statement per operation).
// Without DATABASE_URL only peel-graphql runs, on in-memory PGlite (the others need a shared server).
// Arguments vary from request to request, the same sequence for every server: ForceReport over six
// forces × two rounds, Compare over three rounds × three pillars (the pillared rounds, which
// PostGraphile's schema and the floor can express). Each server is driven over loopback by
// autocannon at 1 and 32 connections; the runs are interleaved (every server once per cell, then
// again), and the ratios are the median of the per-run ratios, with their range. SQL statements per
// request are counted in this process with the statement log the tests use. Then, on PostgreSQL,
// write to visible per writer kind (bench/write-to-visible.ts). Figures are printed, never asserted.
//   BENCH_SECONDS=5 (per run)   BENCH_RUNS=3   BENCH_CONNECTIONS=1,32
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { projectRoot } from '../src/db/target.js';
import { prepareDatabase } from '../src/startup/prepare.js';
import { StatementLog } from '../src/db/statement-log.js';
import { createApp } from '../src/http/yoga.js';
import { readCatalogue } from '../src/ingest/catalogue.js';
import { preparePostGraphile } from './postgraphile-setup.js';
import { writeToVisible } from './write-to-visible.js';
import { ReadModel } from '../src/queries/read-model.js';
import { freshDatabaseUrl, measureStart, startFloor, startPostGraphile, startServer } from './server.js';
import type { ChildProcess } from 'node:child_process';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '1,32').split(',').map(Number);
const basePort = Number(process.env.BENCH_PORT ?? 4789);

type OperationName = 'Compare (43 forces)' | 'ForceReport';
const operationNames: OperationName[] = ['Compare (43 forces)', 'ForceReport'];

/** The arguments each operation cycles through (pillars as in our API). */
const reportArguments = ['cambridgeshire', 'essex', 'kent', 'merseyside', 'sussex', 'west-midlands'].flatMap((force) =>
  [2017, 2016].map((year) => ({ force, year, pillar: 'EFFECTIVENESS' })),
);
const compareArguments = [2017, 2016, 2015].flatMap((year) =>
  ['EFFECTIVENESS', 'EFFICIENCY', 'LEGITIMACY'].map((pillar) => ({ year, pillar })),
);

interface Target {
  name: string;
  port: number;
  /** The request bodies for each operation, in this server's own schema, in the order they are sent. */
  bodies: Record<OperationName, string[]>;
  statements: Record<OperationName, string>;
  process: ChildProcess;
}

const operationFile = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');
const allForces = readCatalogue(path.join(projectRoot, 'fixtures')).forces.map((f) => f.slug);
const ourBodies: Record<OperationName, string[]> = {
  'Compare (43 forces)': compareArguments.map((args) =>
    JSON.stringify({
      query: operationFile('operations/compare.graphql'),
      operationName: 'Compare',
      variables: { forces: allForces, ...args },
    }),
  ),
  ForceReport: reportArguments.map((args) =>
    JSON.stringify({ query: operationFile('operations/report.graphql'), operationName: 'ForceReport', variables: args }),
  ),
};

async function ourStatementCounts(): Promise<Record<OperationName, string>> {
  const log = new StatementLog();
  const { database } = await prepareDatabase({ kind: 'pglite', dataDir: undefined }, { logger: log });
  const readModel = new ReadModel(database);
  await readModel.snapshot(); // loaded at start-up, before any request, as npm start does
  const app = createApp({ database, graphiql: false, readModel });
  const counts = {} as Record<OperationName, string>;
  for (const name of operationNames) {
    const { statements } = await log.capture(() =>
      Promise.resolve(
        app.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: ourBodies[name][0] }),
      ).then((r) => r.text()),
    );
    counts[name] = String(statements.length);
  }
  await database.close();
  return counts;
}

/** PostGraphile's conditions match row ids, so its variables name forces and years by id. */
async function postGraphileBodies(url: string): Promise<Record<OperationName, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const [forces, years] = await Promise.all([
    client.query<{ slug: string; id: number }>('select slug, id from forces'),
    client.query<{ year: number; id: number }>('select year, id from inspection_years'),
  ]).finally(() => client.end());
  const forceId = new Map(forces.rows.map((r) => [r.slug, r.id]));
  const yearId = new Map(years.rows.map((r) => [r.year, r.id]));
  const query = operationFile('bench/postgraphile/operations.graphql');
  return {
    'Compare (43 forces)': compareArguments.map(({ year, pillar }) =>
      JSON.stringify({ query, operationName: 'Compare', variables: { year, pillar: pillar.toLowerCase() } }),
    ),
    ForceReport: reportArguments.map(({ force, year, pillar }) =>
      JSON.stringify({
        query,
        operationName: 'ForceReport',
        variables: { forceId: forceId.get(force), yearId: yearId.get(year), pillar: pillar.toLowerCase() },
      }),
    ),
  };
}

function drive(target: Target, name: OperationName, connections: number, duration = seconds): Promise<autocannon.Result> {
  const bodies = target.bodies[name];
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${target.port}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
    connections,
    duration,
  });
}

/** Every server must answer every variant with data and no errors before it is measured. */
async function check(target: Target): Promise<void> {
  for (const name of operationNames) {
    for (const [index, body] of target.bodies[name].entries()) {
      const response = await fetch(`http://127.0.0.1:${target.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
      });
      const text = await response.text();
      const answer = JSON.parse(text) as { data?: Record<string, unknown>; errors?: unknown };
      const hasData = answer.data && Object.values(answer.data).every((value) => value !== null);
      // Cambridgeshire 2017 (the first ForceReport) is the seed report: it must say "requires improvement".
      const seedOk = name !== 'ForceReport' || index !== 0 || /requires.improvement/i.test(text);
      if (!response.ok || answer.errors || !hasData || !seedOk) {
        throw new Error(`${target.name} answered ${name} #${index} wrongly (${response.status}): ${text.slice(0, 300)}`);
      }
    }
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function printTable(header: string[], rows: string[][], leftColumns = 2): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

const statements = await ourStatementCounts();
const { url, drop } = await freshDatabaseUrl();
const onPostgres = !url.startsWith('pglite');
const targets: Target[] = [];
let port = basePort;
// The read rate limit is off: one client address sends everything here.
// The uncached instance takes writes too (importReport), as "another instance" in write to visible.
const BENCH_TOKEN = 'bench-token-0123456789abcdef';
const uncached = { RESPONSE_CACHE_TTL_MS: '0', RATE_LIMIT_READS_PER_MINUTE: '0', API_TOKEN: BENCH_TOKEN };
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
    for (const name of operationNames) await drive(target, name, 4, 2);
  }
  console.log(
    `\n${onPostgres ? 'PostgreSQL' : 'embedded PGlite'}, every server on Node ${process.versions.node}, ${runs} interleaved runs of ` +
      `${seconds} s per cell, varied arguments (ForceReport ${reportArguments.length}, Compare ${compareArguments.length}), ` +
      `loopback, this machine's ${os.cpus().length} cores\n`,
  );
  const results = new Map<string, autocannon.Result[]>();
  const key = (target: string, name: OperationName, connections: number) => `${target}|${name}|${connections}`;
  for (let run = 0; run < runs; run++) {
    for (const name of operationNames) {
      for (const connections of connectionCounts) {
        for (const target of targets) {
          const result = await drive(target, name, connections);
          const k = key(target.name, name, connections);
          results.set(k, [...(results.get(k) ?? []), result]);
        }
      }
    }
  }
  const rows: string[][] = [];
  for (const name of operationNames) {
    for (const connections of connectionCounts) {
      for (const target of targets) {
        const cell = results.get(key(target.name, name, connections))!;
        const rates = cell.map((r) => r.requests.average);
        rows.push([
          target.name,
          name,
          String(connections),
          median(rates).toFixed(0),
          `${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)}`,
          String(median(cell.map((r) => r.latency.p50))),
          String(median(cell.map((r) => r.latency.p99))),
          String(cell.reduce((sum, r) => sum + r.errors + r.non2xx + r.timeouts, 0)),
          target.statements[name],
        ]);
      }
    }
  }
  printTable(
    ['server', 'operation', 'connections', 'req/s (median)', 'range', 'p50 ms', 'p99 ms', 'errors', 'SQL statements/request'],
    rows,
  );
  if (targets.length > 1) {
    console.log('\nratios, ours ÷ theirs in req/s: the median of the per-run ratios [range] (above 1: ours is faster)');
    const ratios = (mine: string, theirs: string, name: OperationName, connections: number) => {
      const a = results.get(key(mine, name, connections))!;
      const b = results.get(key(theirs, name, connections))!;
      const each = a.map((r, i) => r.requests.average / b[i]!.requests.average);
      return `${median(each).toFixed(2)} [${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)}]`;
    };
    const ratioRows = operationNames.flatMap((name) =>
      connectionCounts.map((connections) => [
        name,
        String(connections),
        ratios(ours, postGraphile, name, connections),
        ratios(ours, floor, name, connections),
        ratios(oursCached, postGraphile, name, connections),
      ]),
    );
    printTable(['operation', 'connections', 'uncached ÷ PostGraphile', 'uncached ÷ floor', 'cached ÷ PostGraphile'], ratioRows);
  }
  // Before the servers stop: how stale an answer can be. Writes by psql, the import:grades CLI and
  // the other instance (importReport through the uncached one), read through the cached one.
  const cached = targets.find((target) => target.name === oursCached);
  if (cached) {
    const kinds = await writeToVisible(url, cached.port, { port: targets[0]!.port, token: BENCH_TOKEN });
    console.log(
      `\nwrite to visible through the cached instance (commit to the first answer showing it, read every 2 ms, no X-Min-Data-Version; the stated bound is 1 s)`,
    );
    printTable(
      ['writer', 'writes', 'p50 ms', 'p99 ms', 'max ms'],
      kinds.map(({ writer, delays }) => [
        writer,
        String(delays.length),
        ...[0.5, 0.99, 1].map((q) =>
          [...delays].sort((a, b) => a - b)[Math.min(delays.length - 1, Math.floor(q * delays.length))]!.toFixed(1),
        ),
      ]),
      1,
    );
  } else {
    console.log('\nwrite to visible: needs PostgreSQL, where other processes can write (set DATABASE_URL)');
  }
} finally {
  for (const { process: child } of targets) {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
}

// Start time (process start to /readyz answering 200) and resident memory at that moment, as npm start
// runs the server: embedded in a new folder (first start: migrations and the fixtures' load), the same
// folder again (later start), and PostgreSQL on the database the runs above used.
const folder = path.join(os.tmpdir(), `peel-bench-pglite-${process.pid}`);
try {
  const starts = [
    ['embedded, first start', `pglite://${folder}`],
    ['embedded, later start', `pglite://${folder}`],
    ...(onPostgres ? [['PostgreSQL', url]] : []),
  ] as const;
  const startRows: string[][] = [];
  for (const [label, databaseUrl] of starts) {
    const { readyMs, rssMb } = await measureStart(databaseUrl, port);
    startRows.push([label, readyMs.toFixed(0), rssMb.toFixed(0)]);
  }
  console.log('\nstart (npm start, the bundle already built)');
  printTable(['mode', 'ms to ready', 'MB resident at ready'], startRows, 1);
} finally {
  rmSync(folder, { recursive: true, force: true });
  await drop();
}
