// Hostile requests get clean, specific answers: exports' parameters, stored links, formula cells,
// concurrent writes, CORS, metrics labels, negotiation, rate limits. (Input rules for GraphQL
// arguments: input-boundary.test.ts; what needs a real socket: hardening-socket.test.ts.)
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/yoga.js';
import { createResponseCache } from '../src/http/response-cache.js';
import { deleteReportPage } from '../src/ingest/delete-report.js';
import { importReport } from '../src/ingest/import-report.js';
import { DEFAULT_LIMITS } from '../src/domain/limits.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { operationFile } from './helpers/graphql.js';

const seedPage = readFileSync(new URL('../fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt', import.meta.url), 'utf8');
const TOKEN = 'test-token-0123456789abcdef';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const get = (app: ReturnType<typeof createApp>, path: string, headers: Record<string, string> = {}) =>
  Promise.resolve(app.fetch(`http://test${path}`, { headers }));

describe('exports refuse what they do not accept, before sending anything', () => {
  it.each([
    ['force=kent%00', 'force', 'nul-byte'],
    ['theme=a%00b', 'theme', 'nul-byte'],
    ['question=eff%00', 'question', 'nul-byte'],
    [`force=${'k'.repeat(65)}`, 'force', 'too-long'],
    [`force=${Array.from({ length: 44 }, (_, i) => `f${i}`).join(',')}`, 'force', 'too-many-items'],
  ])('/export/grades.csv?%s is 400 naming the parameter and the rule', async (query, parameter, rule) => {
    const app = createApp({ database });
    for (const path of ['/export/grades.csv', '/export/grades.ndjson', '/export/areas-for-improvement.csv']) {
      const response = await get(app, `${path}?${query}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'BAD_USER_INPUT', parameter, rule });
    }
  });

  it.each(['constructor=1', '__proto__=1', 'toString=x', 'hasOwnProperty=1'])(
    'refuses the inherited name %s as an unknown parameter',
    async (query) => {
      const response = await get(createApp({ database }), `/export/grades.csv?${query}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: string; rule: string };
      expect(body.rule).toBe('unknown-parameter');
      expect(body.error).toContain(`unknown parameter(s) "${query.split('=')[0]}"`);
    },
  );
});

/** The shipped ImportReport operation, sent with the write token. */
const importPage = (app: ReturnType<typeof createApp>, variables: { text: string; sourceUrl: string | null }) =>
  Promise.resolve(
    app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query: operationFile('import.graphql'), operationName: 'ImportReport', variables }),
    }),
  );

describe('stored links', () => {
  it('refuses a javascript: source URL with BAD_SOURCE_URL and writes nothing', async () => {
    const app = createApp({ database, apiToken: TOKEN });
    const before = await database.db.execute(sql`select count(*)::int as n from report_revisions`);
    for (const sourceUrl of [
      'javascript:alert(document.domain)',
      'data:text/html,<script>alert(1)</script>',
      'JAVASCRIPT:alert(1)',
      'ftp://example.org/page',
      '//example.org/x',
    ]) {
      const response = await importPage(app, { text: seedPage, sourceUrl });
      const { data } = (await response.json()) as { data: { importReport: { __typename: string; code: string } } };
      expect(data.importReport).toMatchObject({ __typename: 'ImportReportError', code: 'BAD_SOURCE_URL' });
    }
    expect(await database.db.execute(sql`select count(*)::int as n from report_revisions`)).toEqual(before);
  });

  it('refuses a page holding an unpaired surrogate as BAD_USER_INPUT, not an internal error, and writes nothing', async () => {
    const app = createApp({ database, apiToken: TOKEN });
    const before = await database.db.execute(sql`select count(*)::int as n from report_revisions`);
    const response = await importPage(app, { text: `${seedPage}\n\ud800`, sourceUrl: null });
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'invalid-unicode' });
    expect(await database.db.execute(sql`select count(*)::int as n from report_revisions`)).toEqual(before);
  });

  it('the compare page links only http(s) URLs, whatever an older database holds', () => {
    const script = readFileSync(new URL('../src/http/pages/compare.js', import.meta.url), 'utf8');
    const isHttpUrl = new Function(`${/const isHttpUrl = [^\n]+/.exec(script)![0]}; return isHttpUrl;`)() as (url: unknown) => boolean;
    expect(isHttpUrl('https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl(' javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('data:text/html,x')).toBe(false);
    expect(isHttpUrl(null)).toBe(false);
    // Every link is to a place on the page, or made by storedLink, which checks the URL first.
    const links = [...script.matchAll(/href: ([^,}]+)/g)].map((m) => m[1]!.trim());
    expect(links.filter((l) => !l.startsWith('`#'))).toEqual(['url']);
    expect(script).toContain("const storedLink = (url, text) => (isHttpUrl(url) ? el('a', { href: url, rel: 'noopener' }, text) : null);");
    // Each stored URL the page shows goes through it.
    for (const stored of ['s.url', 'f.report.sourceUrl', 'round.comparisonSourceUrl']) expect(script).toContain(`storedLink(${stored},`);
  });
});

describe('CSV exports neutralise formulas', () => {
  it("prefixes cells starting with =, +, -, @, tab or CR with ' (OWASP), and leaves other cells alone", async () => {
    const evil = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'];
    await database.db.execute(sql`insert into areas_for_improvement (finding_id, position, text)
      select f.id, 100 + n, (${sql.raw(`array[${evil.map((e) => `'${e.replace(/'/g, "''")}'`).join(',')}]`)})[n]
      from findings f join reports r on r.id = f.report_id join forces fo on fo.id = r.force_id, generate_series(1, 6) n
      where fo.slug = 'cambridgeshire' and f.position = 1 and r.checksum is not null`);
    const response = await get(createApp({ database }), '/export/areas-for-improvement.csv?force=cambridgeshire');
    expect(response.status).toBe(200);
    const rows = parseCsv(await response.text(), { columns: true, relax_column_count: false }) as { text: string }[];
    const texts = rows.map((row) => row.text);
    for (const cell of evil) expect(texts).toContain(`'${cell}`);
    // The seed's own areas for improvement start with letters and are unchanged.
    expect(texts.filter((t) => !t.startsWith("'")).length).toBeGreaterThan(0);
    expect(texts.filter((t) => !t.startsWith("'")).every((t) => /^[A-Z]/.test(t))).toBe(true);
  });
});

describe('concurrent writes to one report', () => {
  it('ten concurrent imports of one page: one creates it, nine find it unchanged; a racing delete answers cleanly', async () => {
    await deleteReportPage(database.db, { force: 'cambridgeshire', year: 2017, pillar: 'effectiveness' });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => importReport(database.db, { text: seedPage, sourceUrl: null }).then((r) => r.outcome)),
    );
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'unchanged')).toHaveLength(9);
    const raced = await Promise.allSettled([
      importReport(database.db, { text: `${seedPage}\n`, sourceUrl: null }),
      deleteReportPage(database.db, { force: 'cambridgeshire', year: 2017, pillar: 'effectiveness' }),
      importReport(database.db, { text: seedPage, sourceUrl: null }),
    ]);
    for (const result of raced) {
      if (result.status === 'rejected')
        expect(result.reason).toMatchObject({ name: 'ImportError', code: expect.stringMatching(/^(REPORT_NOT_FOUND|WRITE_CONFLICT)$/) });
    }
    const reports = await database.db
      .execute(sql`select count(*)::int as n from reports r join forces f on f.id = r.force_id join inspection_years y on y.id = r.inspection_year_id
      where f.slug = 'cambridgeshire' and y.year = 2017 and r.pillar = 'effectiveness'`);
    expect((reports as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  });
});

describe('CORS', () => {
  it('never allows credentials, for any origin', async () => {
    const app = createApp({ database });
    const response = await get(app, '/graphql?query=%7B__typename%7D', { origin: 'https://evil.example', accept: 'application/json' });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('metrics', () => {
  it('labels errors with shipped operation names only; any other name is "other"', async () => {
    const app = createApp({ database });
    for (let i = 0; i < 5; i++) {
      const name = `Evil${i}${'x'.repeat(10_000)}`;
      await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `query ${name} { force(slug: "nope\\u0000") { name } }`, operationName: name }),
      });
    }
    await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: operationFile('compare.graphql'),
        operationName: 'Compare',
        variables: { forces: ['x\u0000'], year: 2017 },
      }),
    });
    const metrics = await (await get(app, '/metrics')).text();
    expect(metrics).toMatch(/peel_graphql_errors_total\{operation="other"\} 5/);
    expect(metrics).toMatch(/peel_graphql_errors_total\{operation="Compare"\} 1/);
    expect(metrics).not.toContain('Evil');
    expect(metrics.length).toBeLessThan(64 * 1024);
  });

  it('/metrics needs METRICS_TOKEN when one is set', async () => {
    const app = createApp({ database, metricsToken: 'metrics-token-0123456789' });
    expect((await get(app, '/metrics')).status).toBe(401);
    expect((await get(app, '/metrics', { authorization: 'Bearer wrong-token-000000000' })).status).toBe(401);
    const allowed = await get(app, '/metrics', { authorization: 'Bearer metrics-token-0123456789' });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('peel_http_requests_total');
  });
});

describe('content negotiation', () => {
  it('honours q=0: br;q=0 never gets brotli, and identity is served when nothing else is acceptable', async () => {
    const app = createApp({ database });
    const html = await (await get(app, '/graphql', { accept: 'text/html' })).text();
    const asset = /src="(\/graphiql\/[^"]+\.js)"/.exec(html)![1]!;
    const encodingOf = async (acceptEncoding: string) =>
      (await get(app, asset, { 'accept-encoding': acceptEncoding })).headers.get('content-encoding');
    expect(await encodingOf('br;q=0, gzip')).toBe('gzip');
    expect(await encodingOf('br;q=0')).toBeNull();
    expect(await encodingOf('gzip;q=0.5, br;q=1')).toBe('br');
    expect(await encodingOf('gzip;q=1, br;q=0.5')).toBe('gzip');
    expect(await encodingOf('*;q=0, identity')).toBeNull();
  });
});

describe('rate limits', () => {
  const clientAddress = (request: Request) => request.headers.get('x-test-client') ?? 'unknown';

  it('answers 429 with Retry-After once an address has spent its reads, other addresses unaffected', async () => {
    const app = createApp({ database, clientAddress, limits: { ...DEFAULT_LIMITS, readsPerMinute: 5 } });
    const ask = (client: string) => get(app, '/graphql?query=%7B__typename%7D', { 'x-test-client': client, accept: 'application/json' });
    for (let i = 0; i < 5; i++) expect((await ask('10.0.0.1')).status).toBe(200);
    const refused = await ask('10.0.0.1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
    expect((await ask('10.0.0.2')).status).toBe(200);
  });

  it('counts in Redis when REDIS_URL is set, so the limit holds across instances', async () => {
    const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const caches = [createResponseCache(redisUrl), createResponseCache(redisUrl)];
    try {
      // A new connection needs a moment; commands fail fast until it is up (no offline queue).
      let reachable = false;
      for (let i = 0; i < 30 && !reachable; i++) {
        reachable = (await Promise.all(caches.map((cache) => cache.ping()))).every(Boolean);
        if (!reachable) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (!reachable) {
        // Optional locally; CI starts Redis first and sets REQUIRE_REDIS=1.
        expect(process.env.REQUIRE_REDIS, `Redis is not reachable at ${redisUrl}`).not.toBe('1');
        return;
      }
      const limits = { ...DEFAULT_LIMITS, readsPerMinute: 3 };
      const [a, b] = caches.map((responseCache) => createApp({ database, clientAddress, limits, responseCache, cacheTtlMs: 0 }));
      const client = `192.0.2.${Math.floor(Math.random() * 250)}-${Date.now()}`;
      const ask = (app: ReturnType<typeof createApp>) =>
        get(app, '/graphql?query=%7B__typename%7D', { 'x-test-client': client, accept: 'application/json' });
      expect([(await ask(a!)).status, (await ask(b!)).status, (await ask(a!)).status]).toEqual([200, 200, 200]);
      expect((await ask(b!)).status).toBe(429);
    } finally {
      await Promise.all(caches.map((cache) => cache.close()));
    }
  });

  it('allows 10 wrong-token guesses a minute per address, then 429', async () => {
    const app = createApp({ database, apiToken: TOKEN, clientAddress });
    const guess = (client: string, token: string) =>
      app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-test-client': client },
        body: JSON.stringify({ query: 'mutation { deleteReport(input: { force: "kent", year: 2017 }) { __typename } }' }),
      });
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await guess('10.0.0.3', `guess-${i}-0123456789abcdef`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(DEFAULT_LIMITS.authFailuresPerMinute).toBe(10);
    expect(Number((await guess('10.0.0.3', 'one-more-guess-0123456789')).headers.get('retry-after'))).toBeGreaterThan(0);
    // The right token is never refused for the guesses of others at the same address (behind one
    // NAT, or anyone at all when TRUST_PROXY is 0 behind a load balancer).
    expect((await guess('10.0.0.3', TOKEN)).status).toBe(200);
    // Another address still gets a plain 401 for its first wrong guess.
    expect((await guess('10.0.0.4', 'another-guess-0123456789')).status).toBe(401);
  });

  it('with TRUST_PROXY=1, one client written several ways, or several hosts of one IPv6 /64, share one limit', async () => {
    const app = createApp({ database, trustProxy: 1, limits: { ...DEFAULT_LIMITS, readsPerMinute: 5 } });
    const ask = (forwarded: string) =>
      get(app, '/graphql?query=%7B__typename%7D', { 'x-forwarded-for': `6.6.6.6, ${forwarded}`, accept: 'application/json' });
    const v4 = ['198.51.100.23', '198.51.100.23:4711', '::ffff:198.51.100.23', '::FFFF:198.51.100.23', '198.051.100.023'];
    expect(await Promise.all(v4.map(async (form) => (await ask(form)).status))).toEqual([200, 200, 200, 200, 200]);
    expect((await ask('[::ffff:198.51.100.23]:443')).status).toBe(429);
    expect((await ask('198.51.100.24')).status).toBe(200);
    const v6 = ['2001:db8:77:1::1', '2001:db8:77:1::2', '2001:DB8:77:1:abcd::9', '[2001:db8:77:1::3]:80', '2001:0db8:0077:0001::4'];
    for (const form of v6) expect((await ask(form)).status).toBe(200);
    expect((await ask('2001:db8:77:1:ffff:ffff:ffff:ffff')).status).toBe(429);
    expect((await ask('2001:db8:77:2::1')).status).toBe(200);
  });

  it('does not count an Authorization header that is no bearer token: ten of them lock nobody out', async () => {
    const app = createApp({ database, apiToken: TOKEN, clientAddress });
    const send = (authorization: string, query: string) =>
      app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization, 'x-test-client': '10.0.0.6' },
        body: JSON.stringify({ query }),
      });
    const read = '{ forces(first: 1) { totalCount } }';
    const write = 'mutation { deleteReport(input: { force: "kent", year: 2017 }) { __typename } }';
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await send(i % 2 ? 'x' : 'Basic dXNlcjpwYXNz', read)).status);
    expect(statuses).toEqual(Array(12).fill(200));
    // A write with such a header is refused as unauthenticated, every time, never as rate limited.
    for (let i = 0; i < 12; i++) expect((await send('x', write)).status).toBe(401);
    expect((await send(`Bearer ${TOKEN}`, write)).status).toBe(200);
  });
});

describe('every client mistake carries a code', () => {
  it("answers a resolver's refusal and a wrongly typed variable with BAD_USER_INPUT", async () => {
    const app = createApp({ database });
    const ask = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      const { errors } = (await response.json()) as { errors: { message: string; extensions: { code?: string } }[] };
      return [errors[0]!.message, errors[0]!.extensions.code];
    };
    expect(await ask('{ inspectionYear(year: 2017, slug: "peel-2017") { label } }')).toEqual([
      'inspectionYear takes exactly one of `year` (e.g. 2017) or `slug` (e.g. "peel-2017")',
      'BAD_USER_INPUT',
    ]);
    expect(await ask('{ findings(orderBy: [YEAR_ASC, YEAR_DESC]) { totalCount edges { cursor } } }')).toEqual([
      'orderBy names a sort key more than once',
      'BAD_USER_INPUT',
    ]);
    expect(await ask('query($y: Int) { inspectionYear(year: $y) { label } }', { y: 'abc' })).toEqual([
      'Variable "$y" got invalid value "abc"; Int cannot represent non-integer value: "abc"',
      'BAD_USER_INPUT',
    ]);
  });
});

describe('liveness', () => {
  it('answers /healthz with a query string too (a cache-busting probe)', async () => {
    const app = createApp({ database });
    expect((await get(app, '/healthz?probe=1')).status).toBe(200);
    expect((await get(app, '/healthz')).status).toBe(200);
  });
});

describe('security headers', () => {
  it('sends nosniff on every response, and a Content-Security-Policy on the pages', async () => {
    const app = createApp({ database });
    for (const path of ['/healthz', '/graphql?query=%7B__typename%7D', '/export/grades.csv?force=essex', '/compare/compare.js', '/nope']) {
      expect((await get(app, path, { accept: 'application/json' })).headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    const compare = await get(app, '/compare');
    const policy = compare.headers.get('content-security-policy')!;
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe');
    expect(compare.headers.get('referrer-policy')).toBe('no-referrer');
    const graphiql = await get(app, '/graphql', { accept: 'text/html' });
    const graphiqlPolicy = graphiql.headers.get('content-security-policy')!;
    expect(graphiqlPolicy).toContain("script-src 'self';");
    expect(graphiqlPolicy).toContain("worker-src 'self'");
    expect(graphiqlPolicy).toContain("frame-ancestors 'none'");
    // Inline styles only (Monaco's), never inline script.
    expect(graphiqlPolicy.match(/unsafe-inline/g)).toHaveLength(1);
    expect(graphiqlPolicy).toContain("style-src 'self' 'unsafe-inline'");
  });
});
