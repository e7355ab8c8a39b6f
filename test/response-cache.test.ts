// The response cache: repeated reads are not executed again, a write (a new data version) makes the
// next read fresh, a Redis cache is shared by every instance, and a Redis outage only costs the
// cache. Reads cost no SQL either way (the read model), so what tells an executed request from a
// cached answer is the cache's hit count in /metrics.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/yoga.js';
import { createInMemoryCache } from '@graphql-yoga/plugin-response-cache';
import { createResponseCache, uncachedQueryDetector } from '../src/http/response-cache.js';
import { ReadModel, STALENESS_BOUND_MS } from '../src/queries/read-model.js';
import { readDataVersion } from '../src/queries/snapshot-tables.js';
import { schema } from '../src/graphql/schema.js';
import { backend, createTestTarget } from './helpers/database.js';
import { operationFile, seededApi } from './helpers/graphql.js';

const seed = readFileSync(new URL('../fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt', import.meta.url), 'utf8');
const TOKEN = 'response-cache-token-0123456789';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const api = seededApi({ apiToken: TOKEN, cacheTtlMs: 60_000 });

async function read(app: { fetch: (url: string, init: RequestInit) => unknown }, variables: Record<string, unknown> = {}) {
  const response = (await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: operationFile('report.graphql'), operationName: 'ForceReport', variables }),
  })) as Response;
  return (await response.json()) as any;
}

/** Whether each request `app` answers was executed or served from the cache (by the cache hits /metrics counts). */
function executions(app: { fetch: (url: string) => Response | Promise<Response> }) {
  const hits = async () =>
    Number(/peel_response_cache_total\{result="hit"\} (\d+)/.exec(await (await app.fetch('http://test/metrics')).text())?.[1] ?? 0);
  return async <T>(request: () => Promise<T>) => {
    const before = await hits();
    const result = await request();
    return { result, executed: (await hits()) === before ? 1 : 0 };
  };
}

describe('in-memory cache', () => {
  it('answers a repeated read without executing it, and a write makes the next read fresh', async () => {
    await api.readModel.snapshot(); // the first load, before anything is counted
    const counted = executions(api.app);
    const first = await counted(() => read(api.app));
    expect(first.executed).toBe(1);
    const second = await counted(() => read(api.app));
    expect(second.executed).toBe(0);
    expect(second.result).toEqual(first.result);

    const changed = seed.replace('Last updated 22/03/2018', 'Last updated 25/03/2018');
    const write = await api.execute(operationFile('import.graphql'), { text: changed }, 'ImportReport');
    expect(write.body.data.importReport).toMatchObject({ created: false, unchanged: false });
    const after = await counted(() => read(api.app));
    expect(after.executed).toBe(1);
    expect(after.result.data.report.lastUpdated).toBe('2018-03-25');
  });
});

describe('aggregate queries', () => {
  it('are told apart from cacheable ones by the types they select, through fragments too', () => {
    const selectsUncached = uncachedQueryDetector(schema, 1500);
    expect(selectsUncached(operationFile('compare.graphql'))).toBe(true); // Compare, History, Search, GradeTable
    expect(selectsUncached(operationFile('report.graphql'))).toBe(false);
    expect(selectsUncached('query { ...F } fragment F on Query { dataCoverage { forceCount } }')).toBe(true);
    expect(selectsUncached('{ force(slug: "essex") { name } }')).toBe(false);
    expect(selectsUncached('{ not valid')).toBe(false);
  });

  it('bypass the cache entirely: never looked up, never stored, answered fresh each time', async () => {
    const calls: string[] = [];
    const inner = createInMemoryCache();
    const cache = {
      get: (key: string) => (calls.push('get'), inner.get(key)),
      set: (...args: Parameters<typeof inner.set>) => (calls.push('set'), inner.set(...args)),
      invalidate: (entities: Parameters<typeof inner.invalidate>[0]) => inner.invalidate(entities),
    };
    const readModel = new ReadModel(api.database);
    await readModel.snapshot();
    const app = createApp({
      database: api.database,
      responseCache: { cache, ping: async () => true, describe: () => 'up', close: async () => {} },
      cacheTtlMs: 60_000,
      readModel,
    });
    const compare = async () => {
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: operationFile('compare.graphql'), operationName: 'Compare' }),
      });
      return response.text();
    };
    const [first, second] = [await compare(), await compare()];
    // Never looked up, so never served from the cache: each is executed.
    expect(calls).toEqual([]);
    expect(second).toBe(first);
    expect(first).not.toContain('__responseCache');
    // The report is still looked up and stored by the same app (the plugin looks up twice on a miss).
    await read(app);
    expect(new Set(calls)).toEqual(new Set(['get', 'set']));
  });
});

describe('Redis outage', () => {
  it('answers without the cache, and /readyz says so', async () => {
    const cache = createResponseCache('redis://127.0.0.1:1'); // nothing listens there
    try {
      const app = createApp({ database: api.database, responseCache: cache, cacheTtlMs: 60_000 });
      const result = await read(app);
      expect(result.data.report.force.slug).toBe('cambridgeshire');
      const ready = await (await app.fetch('http://test/readyz')).json();
      expect(ready).toEqual({
        ready: true,
        status: 'degraded',
        database: 'up',
        cache: expect.stringMatching(
          /^degraded: Redis failed \(.+\) at \d{4}-.+Z; answering without the shared cache, rate limits counted per instance$/,
        ),
        readModel: 'current',
        dataVersion: await readDataVersion(api.database.db),
        node: process.version,
      });
    } finally {
      await cache.close();
    }
  });
});

// Two server processes need one database they can both reach: PostgreSQL, not an embedded PGlite.
describe.skipIf(backend !== 'postgres')('two instances sharing Redis', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((child) => child.kill('SIGTERM')));

  async function start(databaseUrl: string, port: number, redisDb: string) {
    const root = path.resolve(import.meta.dirname, '..');
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'src/main.ts')], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: `${REDIS_URL}/${redisDb}`,
        API_TOKEN: TOKEN,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    for (let i = 0; i < 150; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return `http://127.0.0.1:${port}`;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`instance on port ${port} did not become ready`);
  }

  it('an import through one instance is visible through the other at once', async () => {
    const { target, drop } = await createTestTarget();
    try {
      const url = target.kind === 'postgres' ? target.url : '';
      // A Redis database of its own (1–15) so earlier runs' keys cannot matter.
      const redisDb = String(1 + (randomBytes(1)[0]! % 15));
      const [a, b] = [await start(url, 4811, redisDb), await start(url, 4812, redisDb)];
      const get = (base: string) => read({ fetch: (u: string, init: RequestInit) => fetch(u.replace('http://test', base), init) });
      expect((await get(b)).data.report.lastUpdated).toBe('2018-03-22');
      expect((await get(b)).data.report.lastUpdated).toBe('2018-03-22'); // now cached in Redis

      const changed = seed.replace('Last updated 22/03/2018', 'Last updated 26/03/2018');
      const write = await fetch(`${a}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ query: operationFile('import.graphql'), variables: { text: changed } }),
      }).then(async (r) => Object.assign((await r.json()) as any, { headers: r.headers }));
      expect(write.data.importReport).toMatchObject({ created: false, unchanged: false });
      // Asked for the version the write made, the other instance waits for it if it must.
      const written = Number(write.headers.get('x-data-version'));
      const readB = (headers: Record<string, string> = {}) =>
        fetch(`${b}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: operationFile('report.graphql'), operationName: 'ForceReport', variables: {} }),
        }).then(async (r) => ({ version: Number(r.headers.get('x-data-version')), body: (await r.json()) as any }));
      const asked = await readB({ 'x-min-data-version': String(written) });
      expect(asked.body.data.report.lastUpdated).toBe('2018-03-26');
      expect(asked.version).toBeGreaterThanOrEqual(written);
      // Without asking, within the staleness bound.
      const since = performance.now();
      let plain = await readB();
      while (plain.body.data.report.lastUpdated !== '2018-03-26' && performance.now() - since < STALENESS_BOUND_MS) plain = await readB();
      expect(plain.body.data.report.lastUpdated).toBe('2018-03-26');
      const metrics = await (await fetch(`${b}/metrics`)).text();
      expect(metrics).toMatch(/peel_response_cache_total\{result="hit"\} [1-9]/);
    } finally {
      children.forEach((child) => child.kill('SIGTERM'));
      await new Promise((resolve) => setTimeout(resolve, 500));
      await drop();
    }
  }, 90_000);
});
