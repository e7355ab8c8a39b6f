// npm run bench:scale: freshness and reads at scale, under writes. The seed page's narrative (28
// blocks) is copied onto every report in the database (623 reports: ~17,000 content rows, ~600x
// today's narrative), then Compare (43 forces) is driven at 32 connections while nothing is written,
// while one small write lands every 100 ms, and every 10 ms. Printed per phase: throughput, p50 and
// p99 latency, the server's resident memory (peak), and write to visible (commit to the first answer
// of the load itself whose X-Data-Version holds it). On PostgreSQL (DATABASE_URL set) writes come over a connection of
// their own, as psql would make them, alternating a narrative paragraph and a finding's grade; then
// the storm: 4 connections committing as fast as they can, first UPDATEs that change nothing, then
// UPDATEs that change a force's name each time. Embedded (no DATABASE_URL), the server owns the
// data, so writes are importReport mutations through the API (a page whose date alternates, each
// run whole on PGlite's own thread); write to visible is then what the server measures from the
// commit to its first answer at that version (peel_write_visible_seconds on /metrics), printed
// beside the mutation's round trip, which includes the import's own work.
//   BENCH_SECONDS=10 (per phase)   BENCH_PORT=4889
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { projectRoot } from '../src/db/target.js';
import { prepareDatabase } from '../src/startup/prepare.js';
import { parseDatabaseUrl } from '../src/db/target.js';
import type { Database } from '../src/db/connect.js';
import { freshDatabaseUrl, startServer } from './server.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const port = Number(process.env.BENCH_PORT ?? 4889);
const TOKEN = 'bench-scale-token-0123456789abcdef';
const base = `http://127.0.0.1:${port}`;
const compareBodies = [2017, 2016, 2015].flatMap((year) =>
  ['EFFECTIVENESS', 'EFFICIENCY', 'LEGITIMACY'].map((pillar) =>
    JSON.stringify({
      query: readFileSync(path.join(projectRoot, 'operations/compare.graphql'), 'utf8'),
      operationName: 'Compare',
      variables: { year, pillar },
    }),
  ),
);
const seedPage = readFileSync(path.join(projectRoot, 'fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt'), 'utf8');

const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Copies the seed report's narrative onto every other report's findings, in one statement. */
async function growNarrative(db: Database): Promise<{ reports: number; blocks: number }> {
  await db.execute(sql`
    with seed as (
      select r.id from reports r join forces fo on fo.id = r.force_id join inspection_years y on y.id = r.inspection_year_id
      where fo.slug = 'cambridgeshire' and y.year = 2017 and r.pillar = 'effectiveness'),
    seed_blocks as (
      select cb.kind, cb.text, cb.items, cb.plain_text, (row_number() over (order by f.position, cb.position) - 1)::int as n
      from content_blocks cb join findings f on f.id = cb.finding_id where f.report_id = (select id from seed)),
    targets as (
      select f.id as finding_id, (row_number() over (partition by f.report_id order by f.position, f.id) - 1)::int as i,
        count(*) over (partition by f.report_id) as findings
      from findings f where f.report_id <> (select id from seed))
    insert into content_blocks (finding_id, position, kind, text, items, plain_text)
    select t.finding_id, 1000 + b.n, b.kind, b.text, b.items, b.plain_text
    from seed_blocks b join targets t on t.i = b.n % t.findings`);
  const [row] = (
    (await db.execute(
      sql`select (select count(*) from reports)::int as reports, (select count(*) from content_blocks)::int as blocks`,
    )) as unknown as {
      rows: { reports: number; blocks: number }[];
    }
  ).rows;
  return row!;
}

/**
 * When each data version was first seen in an answer of the load itself (X-Data-Version), so write
 * to visible is measured where a client meets it, not by a probe queued behind 32 connections.
 */
const firstAnswered: { version: number; at: number }[] = [];
function noteAnswer(headers: NodeJS.Dict<string | string[]> = {}) {
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'x-data-version');
  const version = Number(name === undefined ? NaN : headers[name]);
  const newest = firstAnswered.at(-1)?.version ?? 0;
  if (version > newest) firstAnswered.push({ version, at: performance.now() });
}

/** Milliseconds from `committed` to the first answer of the load that holds `version`. */
async function visibleAfter(version: number, committed: number): Promise<number> {
  for (;;) {
    const first = firstAnswered.find((answer) => answer.version >= version && answer.at >= committed);
    if (first) return first.at - committed;
    if (performance.now() - committed > 10_000) throw new Error(`version ${version} not visible within 10 s`);
    await sleep(1);
  }
}

/** A writer: makes one small write and answers how long until it was visible (null when not measured). */
type Writer = (measure: boolean) => Promise<number | null>;

/** Writes over a connection of its own (PostgreSQL), alternating narrative and a grade. */
async function directWriter(url: string): Promise<{ write: Writer; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // the database dropped at the end ends it
  await client.connect();
  const blocks = (await client.query(`select id from content_blocks where kind = 'paragraph' and position >= 1000 order by id limit 200`))
    .rows;
  const findings = (await client.query(`select id from findings where grade in ('good', 'requires_improvement') order by id limit 200`))
    .rows;
  let n = 0;
  const write: Writer = async (measure) => {
    const i = n++;
    if (i % 2 === 0) {
      await client.query(`update content_blocks set text = text || ' ' where id = $1`, [blocks[(i / 2) % blocks.length].id]);
    } else {
      await client.query(
        `update findings set grade = case grade when 'good' then 'requires_improvement'::grade else 'good'::grade end where id = $1`,
        [findings[((i - 1) / 2) % findings.length].id],
      );
    }
    const committed = performance.now();
    if (!measure) return null;
    const version = Number((await client.query('select peel_data_version() as v')).rows[0].v);
    return visibleAfter(version, committed);
  };
  return { write, close: () => client.end() };
}

/** Writes through the API (embedded): a page import whose date alternates; the mutation answers once its write is readable. */
function apiWriter(): { write: Writer; close: () => Promise<void> } {
  let n = 0;
  const write: Writer = async (measure) => {
    const day = 10 + (n++ % 2);
    const started = performance.now();
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        query: 'mutation($text: String!) { importReport(input: { text: $text }) { __typename } }',
        variables: { text: seedPage.replace('Last updated 22/03/2018', `Last updated ${day}/03/2018`) },
      }),
    });
    const body = (await response.json()) as { data?: { importReport: { __typename: string } } };
    if (body.data?.importReport.__typename !== 'ImportReportSuccess') throw new Error(`import failed: ${JSON.stringify(body)}`);
    return measure ? performance.now() - started : null;
  };
  return { write, close: async () => {} };
}

interface Phase {
  label: string;
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  peakRssMb: number;
  visible: number[];
  writes: number;
  /** Embedded: write to visible as the server measures it (peel_write_visible_seconds), as bucket bounds in ms. */
  measured?: { p50: number; p95: number; max: number; count: number };
}

/** The server's peel_write_visible_seconds buckets now: upper bound (ms) to cumulative count. */
async function visibleBuckets(): Promise<Map<number, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const buckets = new Map<number, number>();
  for (const [, le, count] of text.matchAll(/^peel_write_visible_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)) {
    buckets.set(le === '+Inf' ? Infinity : Number(le) * 1000, Number(count));
  }
  return buckets;
}

/** Percentiles of what was observed between two readings, each as the bound of the bucket it falls in. */
function fromBuckets(before: Map<number, number>, after: Map<number, number>): Phase['measured'] {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((bound) => after.get(bound)! - (before.get(bound) ?? 0));
  const count = counts.at(-1) ?? 0;
  if (count === 0) return undefined;
  const at = (q: number) => bounds[counts.findIndex((c) => c >= Math.ceil(q * count))]!;
  return { p50: at(0.5), p95: at(0.95), max: at(1), count };
}

/** Drives Compare for `seconds` while `background` runs; samples the server's memory meanwhile. */
async function phase(
  label: string,
  pid: number,
  background?: (stop: () => boolean) => Promise<{ visible: number[]; writes: number }>,
): Promise<Phase> {
  let next = 0;
  let done = false;
  let peak = rssMb(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  const bucketsBefore = onPostgres ? null : await visibleBuckets();
  const side = background?.(() => done);
  const result = await autocannon({
    url: `${base}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: compareBodies[next++ % compareBodies.length] }),
        onResponse: (_status, _body, _context, headers) => noteAnswer(headers),
      },
    ],
    connections: 32,
    duration: seconds,
  });
  done = true;
  const { visible, writes } = (await side) ?? { visible: [], writes: 0 };
  clearInterval(sampler);
  const measured = bucketsBefore ? fromBuckets(bucketsBefore, await visibleBuckets()) : undefined;
  return {
    measured,
    label,
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    peakRssMb: peak,
    visible,
    writes,
  };
}

/** One write every `everyMs` (or back to back when a write takes longer), measuring every `measureEvery`th. */
const writesEvery =
  (writer: Writer, everyMs: number, measureEvery: number) =>
  async (stop: () => boolean): Promise<{ visible: number[]; writes: number }> => {
    const visible: number[] = [];
    let writes = 0;
    while (!stop()) {
      const started = performance.now();
      const took = await writer(writes % measureEvery === 0);
      writes++;
      if (took !== null) visible.push(took);
      await sleep(Math.max(0, everyMs - (performance.now() - started)));
    }
    return { visible, writes };
  };

/** `connections` clients committing `statement` back to back; answers the commits made. */
const storm =
  (url: string, connections: number, statement: (i: number) => string) =>
  async (stop: () => boolean): Promise<{ visible: number[]; writes: number }> => {
    const clients = await Promise.all(
      Array.from({ length: connections }, async () => {
        const client = new pg.Client({ connectionString: url });
        client.on('error', () => {});
        await client.connect();
        return client;
      }),
    );
    let writes = 0;
    await Promise.all(
      clients.map(async (client, c) => {
        while (!stop()) await client.query(statement(writes++ + c));
      }),
    );
    await Promise.all(clients.map((client) => client.end()));
    return { visible: [], writes };
  };

/**
 * Write to visible: on PostgreSQL from the client's commit to the load's first answer holding it;
 * embedded, as the server measured it (bucket bounds, "≤"), then the importReport round trip.
 */
function visibleCells(p: Phase): string[] {
  const ms = (values: number[]) => [percentile(values, 0.5), percentile(values, 0.95), Math.max(...values)].map((v) => v.toFixed(1));
  if (onPostgres) return p.visible.length === 0 ? ['-', '-', '-'] : ms(p.visible);
  if (p.writes === 0 || !p.measured) return ['-', '-', '-', '-', '-'];
  const { p50, p95, max } = p.measured;
  return [...[p50, p95, max].map((bound) => `≤${bound}`), ...ms(p.visible).slice(0, 2)];
}

function print(phases: Phase[], quiet: Phase) {
  const header = [
    'phase',
    'writes',
    'req/s',
    '÷ quiet',
    'p50 ms',
    'p99 ms',
    'p99 ÷ quiet',
    'errors',
    'peak MB',
    '÷ quiet',
    'visible p50 ms',
    'p95 ms',
    'max ms',
    ...(onPostgres ? [] : ['write round trip p50 ms', 'p95 ms']),
  ];
  const rows = phases.map((p) => [
    p.label,
    p.writes === 0 ? '-' : `${p.writes} (${(p.writes / seconds) | 0}/s)`,
    p.rate.toFixed(0),
    (p.rate / quiet.rate).toFixed(2),
    String(p.p50),
    String(p.p99),
    (p.p99 / quiet.p99).toFixed(2),
    String(p.errors),
    p.peakRssMb.toFixed(0),
    (p.peakRssMb / quiet.peakRssMb).toFixed(2),
    ...visibleCells(p),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

const configured = process.env.DATABASE_URL;
const onPostgres = configured !== undefined && configured !== '' && !configured.startsWith('pglite');
const folder = path.join(os.tmpdir(), `peel-bench-scale-${process.pid}`);
const { url, drop } = onPostgres
  ? await freshDatabaseUrl('peel_scale')
  : { url: `pglite://${folder}`, drop: async () => rmSync(folder, { recursive: true, force: true }) };
try {
  // The data, grown before the server starts (embedded, the server then owns the folder).
  const { database } = await prepareDatabase(parseDatabaseUrl(url));
  const grown = await growNarrative(database.db);
  await database.close();
  const server = await startServer(url, port, { RATE_LIMIT_READS_PER_MINUTE: '0', API_TOKEN: TOKEN });
  const pid = server.pid!;
  try {
    const writer = onPostgres ? await directWriter(url) : apiWriter();
    // Warm-up: JIT, the compiled operations, a write or two.
    await phase('warm-up', pid, writesEvery(writer.write, 100, 1000));
    const idleMb = rssMb(pid);
    const quiet = await phase('no writes', pid);
    const phases = [
      quiet,
      await phase('a write every 100 ms', pid, writesEvery(writer.write, 100, 1)),
      await phase('a write every 10 ms', pid, writesEvery(writer.write, 10, onPostgres ? 5 : 1)),
    ];
    if (onPostgres) {
      phases.push(
        await phase(
          'storm: no-op UPDATEs',
          pid,
          storm(url, 4, () => `update forces set short_name = short_name where slug = 'essex'`),
        ),
      );
      phases.push(
        await phase(
          'storm: a name changed each commit',
          pid,
          storm(url, 4, (i) => `update forces set short_name = 'Essex ${i % 1000}' where slug = 'essex'`),
        ),
      );
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`update forces set short_name = 'Essex' where slug = 'essex'`);
      await client.end();
    }
    await writer.close();
    console.log(
      `\nbench:scale on ${onPostgres ? 'PostgreSQL' : 'embedded PGlite'}, Node ${process.versions.node}, ${os.cpus().length} cores: ` +
        `${grown.blocks} content rows over ${grown.reports} reports (the seed page's 28 blocks on every report); Compare (43 forces) at 32 connections, ${seconds} s per phase; ` +
        `resident memory at rest ${idleMb.toFixed(0)} MB.\n` +
        (onPostgres
          ? 'Writes: a paragraph, then a grade, alternately, each its own transaction on a separate connection; visible: commit to the first answer with its X-Data-Version.\n'
          : "Writes: importReport of a page whose date alternates, run whole on PGlite's thread; visible: from its commit to the first answer read at its version, " +
            "as the server measures it (peel_write_visible_seconds: the bound of the bucket each percentile falls in); then the mutation's round trip, the import's own work included.\n"),
    );
    print(phases, quiet);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
  }
} finally {
  await drop();
}
