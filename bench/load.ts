// npm run bench:load: a bounded load test over loopback. Starts the server on a fresh database
// (PGlite in memory, or a new database on DATABASE_URL's PostgreSQL), then for BENCH_LOAD_SECONDS
// (default 30) drives 64 connections with a mix of the shipped operations and a few abusive
// queries. Prints throughput, latency, errors from valid queries, refusals of abusive ones, and the
// server's memory before, during (a reading every tenth of the run) and after, with its growth over
// the second half of the run: run it for longer (BENCH_LOAD_SECONDS=600) as a soak, where memory
// should level off rather than climb. Nothing is asserted: the figures are for reading.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../src/db/connect.js';
import { readCatalogue } from '../src/ingest/catalogue.js';
import { freshDatabaseUrl, startServer } from './server.js';

const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const connections = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 64);
const port = Number(process.env.BENCH_PORT ?? 4790);

const operation = (file: string, operationName: string, variables: Record<string, unknown> = {}) =>
  JSON.stringify({ query: readFileSync(path.join(projectRoot, 'operations', file), 'utf8'), operationName, variables });
const forces = readCatalogue(path.join(projectRoot, 'fixtures')).forces.map((f) => f.slug);

const valid = [
  operation('report.graphql', 'ForceReport'),
  operation('compare.graphql', 'Compare', { forces }),
  operation('compare.graphql', 'History'),
  operation('compare.graphql', 'Search'),
  operation('browse.graphql', 'Forces'),
  operation('browse.graphql', 'Findings'),
  operation('data.graphql', 'DataCoverage'),
];
let deep = 'slug';
for (let i = 0; i < 15; i++) deep = `reports { force { ${deep} } }`;
const abusive = [
  JSON.stringify({ query: `{ force(slug: "essex") { ${deep} } }` }),
  JSON.stringify({ query: `{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: __typename`).join(' ')} }` }),
  JSON.stringify({ query: '{ findings(first: 100000) { nodes { id } } }' }),
];

const { url, drop } = await freshDatabaseUrl('peel_load');
const server = await startServer(url, port, { RESPONSE_CACHE_TTL_MS: process.env.RESPONSE_CACHE_TTL_MS ?? '0' });
const rss = () => {
  try {
    return Math.round(Number(readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1]) / 1024);
  } catch {
    return NaN;
  }
};
try {
  const before = rss();
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rss()), 1000);
  const statusCounts = new Map<string, number>();
  let request = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        // The GraphQL-over-HTTP media type, under which refused queries are answered 400.
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        setupRequest: (req) => {
          // One request in ten is abusive; the rest cycle through the shipped operations.
          const n = request++;
          const kind = n % 10 === 9 ? 'abusive' : 'valid';
          const body = kind === 'abusive' ? abusive[n % abusive.length]! : valid[n % valid.length]!;
          return { ...req, body, headers: { ...req.headers, 'x-kind': kind } };
        },
        onResponse: (status) => {
          statusCounts.set(String(status), (statusCounts.get(String(status)) ?? 0) + 1);
        },
      },
    ],
  });
  clearInterval(sampler);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = rss();
  const validErrors = [...statusCounts].filter(([status]) => status !== '200' && status !== '400').reduce((sum, [, n]) => sum + n, 0);
  console.log(`\nload: ${seconds} s, ${connections} connections, ${url.startsWith('pglite') ? 'embedded PGlite' : 'PostgreSQL'}, response cache ${process.env.RESPONSE_CACHE_TTL_MS === undefined || process.env.RESPONSE_CACHE_TTL_MS === '0' ? 'off' : 'on'}`);
  console.log(`requests: ${result.requests.total} (${result.requests.average.toFixed(0)}/s), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
  console.log(`statuses: ${[...statusCounts].map(([s, n]) => `${s}×${n}`).join(', ')} (400 = abusive queries refused)`);
  console.log(`errors other than refusals: ${validErrors}; transport errors ${result.errors}, timeouts ${result.timeouts}`);
  console.log(`server memory (RSS MB): before ${before}, peak ${Math.max(...samples)}, after ${after}; still alive: ${server.exitCode === null}`);
  const tenths = Array.from({ length: 10 }, (_, i) => samples[Math.min(samples.length - 1, Math.round(((i + 1) * samples.length) / 10) - 1)]);
  console.log(`memory through the run (RSS MB at each tenth): ${tenths.join(', ')}`);
  const half = samples.slice(Math.floor(samples.length / 2));
  const minutes = half.length / 60;
  if (half.length > 1) {
    console.log(`second half: ${half[0]} → ${half.at(-1)} MB (${((half.at(-1)! - half[0]!) / minutes).toFixed(1)} MB/min), range ${Math.min(...half)}–${Math.max(...half)} MB`);
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await drop();
}
