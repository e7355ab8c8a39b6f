// npm run bench:worst: the most expensive requests the default limits still accept, each run alone
// against a fresh server (PGlite in memory, or a new database on DATABASE_URL's PostgreSQL): status,
// time, answer size, the server's resident memory before and at its peak, and how long /healthz
// waited meanwhile (the event loop's stall). What bounds each is MAX_COST, MAX_RESPONSE_BYTES and
// EXECUTION_TIMEOUT_MS (docs/configuration.md).
import { readFileSync } from 'node:fs';
import { freshDatabaseUrl, startServer } from './server.js';

const port = 4890;
const everything = 'groupBy: [YEAR, PILLAR, QUESTION, THEME, REGION, COUNTRY, FORCE]';
const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const candidates: [string, string][] = [
  [
    'gradeCounts by every dimension (cost 9,600)',
    `{ gradeCounts(${everything}) { findings graded meanScore force forceName question questionKey theme region country inspectionYear year pillar distribution { grade count } } }`,
  ],
  [
    '5 × gradeTable, unfiltered (cost 10,000)',
    aliases(
      5,
      'gradeTable { force forceName region year inspectionYear pillar questionKey question theme grade score gradeStatus carriedOverFrom conflict sourceUrl }',
    ),
  ],
  ['15 × findings(first: 100) with sources (cost 10,515: refused)', aliases(15, 'findings(first: 100) { nodes { sources { url } } }')],
  [
    '2 × findings(first: 100) with text, sources and question',
    aliases(
      2,
      'findings(first: 100) { nodes { grade question { text } sources { url note } content { __typename ... on Paragraph { text } } } }',
    ),
  ],
  ['14 × findings(first: 100) with sources (cost 9,814)', aliases(14, 'findings(first: 100) { nodes { sources { url note } } }')],
  ['15 × search("force", first: 100) with snippets', aliases(15, 'search(query: "force", first: 100) { totalCount nodes { snippet } }')],
];

const { url, drop } = await freshDatabaseUrl('peel_worst');
const server = await startServer(url, port, { RATE_LIMIT_READS_PER_MINUTE: '0', RESPONSE_CACHE_TTL_MS: '0' });
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024;
try {
  for (const [name, query] of candidates) {
    const before = rssMb();
    let peak = before;
    let stall = 0;
    let running = true;
    // Samples memory, and how long a liveness probe waits, while the request runs.
    const probe = (async () => {
      while (running) {
        const started = performance.now();
        await fetch(`http://127.0.0.1:${port}/healthz`);
        stall = Math.max(stall, performance.now() - started);
        peak = Math.max(peak, rssMb());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query }),
    });
    const body = await response.text();
    const ms = performance.now() - started;
    running = false;
    await probe;
    const refusal = /"code":"(\w+)"(?:,"cost":(\d+))?/.exec(body);
    const code = response.status === 200 ? '' : ` ${refusal?.[1] ?? ''}${refusal?.[2] ? ` (cost ${refusal[2]})` : ''}`;
    console.log(
      `${name}: ${response.status}${code}, ${ms.toFixed(0)} ms, ${(body.length / 1e6).toFixed(2)} MB, ` +
        `RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB, /healthz waited at most ${stall.toFixed(0)} ms`,
    );
  }
} finally {
  server.kill();
  await drop();
}
