// npm run bench:load: a bounded load test over loopback. Starts the server on a fresh database
// (PGlite in memory, or a new database on DATABASE_URL's PostgreSQL), then for BENCH_LOAD_SECONDS
// (default 30) drives 64 connections with a mix of the shipped operations and abusive requests (one
// in ten): the shapes that used to stall or grow the server (a fan-out through peers with a variable
// `first`, 100,000 ids, megabyte slugs, NUL bytes in exports, megabyte operation names) besides the
// classic depth, alias and token floods. Prints throughput, latency, statuses, the time abusive
// requests took to be refused (under load, then each alone on the quiet server), and the server's
// memory before, during (a reading every tenth of the run) and after, with its growth over the
// second half: run it for longer (BENCH_LOAD_SECONDS=300) as a soak, where memory should level off
// rather than climb. The read rate limit is off (RATE_LIMIT_READS_PER_MINUTE=0), as in npm run bench.
// Nothing is asserted: the figures are for reading.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../src/db/target.js';
import { readCatalogue } from '../src/ingest/catalogue.js';
import { freshDatabaseUrl, startServer } from './server.js';

const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const connections = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 64);
const port = Number(process.env.BENCH_PORT ?? 4790);
/** One request in this many is abusive (0: none, to measure the valid mix alone). */
const abuseEvery = Number(process.env.BENCH_LOAD_ABUSE_EVERY ?? 10);

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
const fanOut = `query FanOut($forces: [String!]!, $p: Int) { ${['a', 'b', 'c']
  .map(
    (alias) =>
      `${alias}: compare(forces: $forces, year: 2017) { rows { cells { finding { force { peers(year: 2017, first: $p) { force { findings { content { __typename } sources { kind } } } } } } } } }`,
  )
  .join(' ')} }`;
const megabyteSlug = 'k'.repeat(1024 * 1024);
interface Abuse {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}
const post = (name: string, body: unknown): Abuse => ({ name, method: 'POST', path: '/graphql', body: JSON.stringify(body) });
const allAbusive: Abuse[] = [
  post('depth', { query: `{ force(slug: "essex") { ${deep} } }` }),
  post('5,000 aliases', { query: `{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: __typename`).join(' ')} }` }),
  post('fan-out, first from a variable', { query: fanOut, variables: { forces, p: 42 } }),
  post('100,000 ids', {
    query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
    variables: { ids: Array.from({ length: 100_000 }, (_, i) => `id${i}`) },
  }),
  post('megabyte slug in Compare', {
    query: readFileSync(path.join(projectRoot, 'operations', 'compare.graphql'), 'utf8'),
    operationName: 'Compare',
    variables: { forces: ['essex', megabyteSlug] },
  }),
  post('NUL in force(slug:)', { query: 'query($s: String!) { force(slug: $s) { name } }', variables: { s: 'kent\u0000' } }),
  post('100 KB operation name', { query: `query ${'N'.repeat(100_000)} { force(slug: "nope\u0000") { name } }` }),
  { name: 'NUL in an export', method: 'GET', path: '/export/grades.csv?force=kent%00' },
  { name: 'unknown export parameter', method: 'GET', path: '/export/grades.ndjson?constructor=1' },
  post('300,000 unknown keys in a filter', {
    query: 'query($f: FindingFilter) { findings(first: 1, filter: $f) { totalCount } }',
    variables: { f: Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`k${i}`, 1])) },
  }),
  post('10,000 nested lists', { query: '{ __typename }', variables: { v: JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) } }),
  post('forged cursor', {
    query: 'query($c: String) { findings(first: 2, after: $c) { edges { cursor } } }',
    variables: { c: Buffer.from('DC:S:abc').toString('base64') },
  }),
  post('gradeCounts by everything, 6 aliases', {
    query: `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: gradeCounts(groupBy: [YEAR, PILLAR, QUESTION, THEME, REGION, COUNTRY, FORCE]) { findings distribution { count } }`).join(' ')} }`,
  }),
];
/** BENCH_LOAD_ABUSE=name,name keeps only those (by the start of their names), to find what slows a run. */
const only = process.env.BENCH_LOAD_ABUSE?.split(',').map((name) => name.trim().toLowerCase());
const abusive = only ? allAbusive.filter((abuse) => only.some((name) => abuse.name.toLowerCase().startsWith(name))) : allAbusive;

const { url, drop } = await freshDatabaseUrl('peel_load');
const server = await startServer(url, port, {
  RESPONSE_CACHE_TTL_MS: process.env.RESPONSE_CACHE_TTL_MS ?? '0',
  RATE_LIMIT_READS_PER_MINUTE: '0',
});
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
  const refusalMs: Record<string, number[]> = {};
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        // The GraphQL-over-HTTP media type, under which refused queries are answered 400.
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        setupRequest: (req, context) => {
          // One request in `abuseEvery` is abusive; the rest cycle through the shipped operations.
          const n = request++;
          const abuse =
            abuseEvery > 0 && n % abuseEvery === abuseEvery - 1 ? abusive[Math.floor(n / abuseEvery) % abusive.length]! : undefined;
          Object.assign(context, { abuse: abuse?.name, sentAt: performance.now() });
          // Headers anew each time: autocannon writes Content-Length into the object it is given, and a
          // GET carrying a POST's Content-Length would leave the server waiting for a body never sent.
          const graphqlHeaders = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
          if (!abuse) return { ...req, method: 'POST', path: '/graphql', headers: graphqlHeaders, body: valid[n % valid.length]! };
          if (abuse.method === 'GET') return { ...req, method: 'GET', path: abuse.path, headers: { accept: '*/*' }, body: undefined };
          return { ...req, method: 'POST', path: abuse.path, headers: graphqlHeaders, body: abuse.body };
        },
        onResponse: (status, _body, context) => {
          statusCounts.set(String(status), (statusCounts.get(String(status)) ?? 0) + 1);
          const { abuse, sentAt } = context as { abuse?: string; sentAt: number };
          if (abuse) (refusalMs[abuse] ??= []).push(performance.now() - sentAt);
        },
      },
    ],
  });
  clearInterval(sampler);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = rss();
  // 400 and 413 are refusals (a read's body over MAX_READ_BODY_BYTES is 413); anything else is an error.
  const validErrors = [...statusCounts].filter(([status]) => !['200', '400', '413'].includes(status)).reduce((sum, [, n]) => sum + n, 0);
  console.log(
    `\nload: ${seconds} s, ${connections} connections, ${url.startsWith('pglite') ? 'embedded PGlite' : 'PostgreSQL'}, response cache ${process.env.RESPONSE_CACHE_TTL_MS === undefined || process.env.RESPONSE_CACHE_TTL_MS === '0' ? 'off' : 'on'}`,
  );
  console.log(
    `requests: ${result.requests.total} (${result.requests.average.toFixed(0)}/s), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
  );
  console.log(`statuses: ${[...statusCounts].map(([s, n]) => `${s}×${n}`).join(', ')} (400, 413 = abusive requests refused)`);
  const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.99))] ?? NaN;
  console.log(
    'abusive requests under load (ms to the answer, queueing included): ' +
      Object.entries(refusalMs)
        .map(([name, ms]) => `${name} p99 ${p99(ms).toFixed(0)}`)
        .join('; '),
  );
  // Each alone on the now quiet server: how long a refusal itself takes.
  const alone: string[] = [];
  for (const abuse of abusive) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}${abuse.path}`, {
        method: abuse.method,
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: abuse.body,
      });
      await response.arrayBuffer();
      times.push(performance.now() - started);
      if (i === 4) alone.push(`${abuse.name} ${response.status} in ${Math.max(...times).toFixed(0)} ms`);
    }
  }
  console.log(`abusive requests alone (slowest of 5): ${alone.join('; ')}`);
  console.log(`errors other than refusals: ${validErrors}; transport errors ${result.errors}, timeouts ${result.timeouts}`);
  console.log(
    `server memory (RSS MB): before ${before}, peak ${Math.max(...samples)}, after ${after}; still alive: ${server.exitCode === null}`,
  );
  const tenths = Array.from(
    { length: 10 },
    (_, i) => samples[Math.min(samples.length - 1, Math.round(((i + 1) * samples.length) / 10) - 1)],
  );
  console.log(`memory through the run (RSS MB at each tenth): ${tenths.join(', ')}`);
  const half = samples.slice(Math.floor(samples.length / 2));
  const minutes = half.length / 60;
  if (half.length > 1) {
    console.log(
      `second half: ${half[0]} → ${half.at(-1)} MB (${((half.at(-1)! - half[0]!) / minutes).toFixed(1)} MB/min), range ${Math.min(...half)}–${Math.max(...half)} MB`,
    );
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await drop();
}
