// npm run bench:compile-flood: what a flood of distinct operations costs everyone else. Compiled
// execution compiles an operation on its second sighting; a client sending ever new operations twice
// each asks for a compile (~20 ms of the event loop for one the size of Compare) every other request.
// Measured here, quiet and under floods of 8 clients, each sending new Compare-sized operations
// (twice each), or one operation over and over for comparison, at the default rate limit's pace and
// as fast as answers come: a normal Compare's p50 and p99 (4 connections), /healthz p99 (asked every
// 20 ms) and the server's peak resident memory; and how many of the flood's requests were answered.
//   BENCH_SECONDS=10 (per phase)   BENCH_PORT=4893
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../src/db/target.js';
import { freshDatabaseUrl, startServer } from './server.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const port = Number(process.env.BENCH_PORT ?? 4893);
const base = `http://127.0.0.1:${port}`;
const compare = readFileSync(path.join(projectRoot, 'operations/compare.graphql'), 'utf8');
const compareBody = JSON.stringify({ query: compare, operationName: 'Compare', variables: {} });

const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/**
 * A new operation each call: Compare with its root field under a fresh alias (so a fresh normal form
 * and a fresh compile), for one force, so that compiling, not answering, is what it costs.
 */
let made = 0;
const distinct = () =>
  JSON.stringify({
    query: compare.replace(/\bcompare\(/, `flood${made++}: compare(`),
    operationName: 'Compare',
    variables: { forces: ['essex'] },
  });

async function post(body: string): Promise<void> {
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await response.arrayBuffer();
}

interface Phase {
  label: string;
  p50: number;
  p99: number;
  healthP99: number;
  peakMb: number;
  flood: number;
}

interface Flood {
  /** A new operation every other request, or always the same one. */
  distinct: boolean;
  /** Each client's requests per second (0: as fast as answers come). */
  perClient: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function phase(label: string, pid: number, flooding?: Flood): Promise<Phase> {
  let done = false;
  let peak = rssMb(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  const health: number[] = [];
  const prober = (async () => {
    while (!done) {
      const started = performance.now();
      await fetch(`${base}/healthz`).then((r) => r.arrayBuffer());
      health.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  let flood = 0;
  const flooders = flooding
    ? Array.from({ length: 8 }, async () => {
        const same = distinct();
        while (!done) {
          const started = performance.now();
          const body = flooding.distinct ? distinct() : same;
          await post(body);
          await post(body);
          flood += 2;
          if (flooding.perClient > 0) await sleep(Math.max(0, 2000 / flooding.perClient - (performance.now() - started)));
        }
      })
    : [];
  const result = await autocannon({
    url: `${base}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: compareBody,
    connections: 4,
    duration: seconds,
  });
  done = true;
  await Promise.all([prober, ...flooders]);
  clearInterval(sampler);
  return { label, p50: result.latency.p50, p99: result.latency.p99, healthP99: percentile(health, 0.99), peakMb: peak, flood };
}

const { url, drop } = await freshDatabaseUrl('peel_flood');
try {
  const server = await startServer(url, port, { RATE_LIMIT_READS_PER_MINUTE: '0', RESPONSE_CACHE_TTL_MS: '0' });
  try {
    await phase('warm-up', server.pid!);
    const idleMb = rssMb(server.pid!);
    const quiet = await phase('quiet', server.pid!);
    const phases = [quiet];
    // At the default rate limit (1,200 a minute = 20 a second per address), then unthrottled; each
    // beside the same load of one repeated operation, so what compiling costs stands apart.
    for (const perClient of [20, 0]) {
      const pace = perClient === 0 ? 'as fast as answered' : `${perClient}/s each`;
      phases.push(await phase(`8 clients, distinct operations, ${pace}`, server.pid!, { distinct: true, perClient }));
      phases.push(await phase(`8 clients, one operation, ${pace}`, server.pid!, { distinct: false, perClient }));
    }
    console.log(
      `\nbench:compile-flood on ${url.startsWith('pglite') ? 'embedded PGlite' : 'PostgreSQL'}, Node ${process.versions.node}, ${os.cpus().length} cores, ${seconds} s per phase; ` +
        `resident memory at rest ${idleMb.toFixed(0)} MB.\n`,
    );
    const rows = phases.map((p) => [
      p.label,
      String(p.p50),
      String(p.p99),
      (p.p99 / quiet.p99).toFixed(2),
      p.healthP99.toFixed(1),
      p.peakMb.toFixed(0),
      (p.peakMb / idleMb).toFixed(2),
      p.flood === 0 ? '-' : `${p.flood} (${(p.flood / seconds).toFixed(0)}/s)`,
    ]);
    const header = ['phase', 'Compare p50 ms', 'p99 ms', 'p99 ÷ quiet', '/healthz p99 ms', 'peak MB', '÷ idle', 'flood answered'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log(line(header));
    for (const row of rows) console.log(line(row));
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
  }
} finally {
  await drop();
}
