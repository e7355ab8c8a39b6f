// The probes under a flood: /readyz answers from a check made at most once a second, so a flood
// never reaches the database or Redis; /readyz and /metrics count toward the per-address limit;
// /healthz stays free. A wrong METRICS_TOKEN is a guess at it, counted like a wrong write token.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/domain/limits.js';
import { createApp } from '../src/http/yoga.js';
import { seededApi } from './helpers/graphql.js';

const api = seededApi();
const METRICS_TOKEN = 'metrics-token-0123456789';

/** An app over the seeded database whose pings are counted. */
function countedApp(options: Partial<Parameters<typeof createApp>[0]> = {}) {
  let pings = 0;
  const database = {
    ...api.database,
    ping: () => {
      pings++;
      return api.database.ping();
    },
  };
  const app = createApp({ database, cacheTtlMs: 0, clientAddress: () => '203.0.113.7', ...options });
  return { app, pings: () => pings };
}

describe('/readyz under a flood', () => {
  it('checks the database at most once a second, however many ask', async () => {
    const { app, pings } = countedApp({ limits: { ...DEFAULT_LIMITS, readsPerMinute: 0 } });
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 500 }, () => Promise.resolve(app.fetch('http://test/readyz'))));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    for (let i = 0; i < 200; i++) expect((await app.fetch('http://test/readyz')).status).toBe(200);
    const seconds = (performance.now() - started) / 1000;
    expect(pings()).toBeGreaterThanOrEqual(1);
    expect(pings()).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    // Once the answer is a second old, the next request checks again.
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const before = pings();
    await app.fetch('http://test/readyz');
    expect(pings()).toBe(before + 1);
  });
});

describe('the per-address limit', () => {
  it('counts /readyz and /metrics, never /healthz', async () => {
    const { app } = countedApp({ limits: { ...DEFAULT_LIMITS, readsPerMinute: 5 } });
    const statuses = async (path: string, n: number) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push((await app.fetch(`http://test${path}`)).status);
      return out;
    };
    expect(await statuses('/readyz', 3)).toEqual([200, 200, 200]);
    expect(await statuses('/metrics', 3)).toEqual([200, 200, 429]);
    const refused = await app.fetch('http://test/readyz');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(await statuses('/healthz', 20)).toEqual(Array(20).fill(200));
  });

  it('takes a wrong METRICS_TOKEN as a guess, and the right one as no guess at all', async () => {
    const { app } = countedApp({ metricsToken: METRICS_TOKEN, limits: { ...DEFAULT_LIMITS, authFailuresPerMinute: 2 } });
    const scrape = (token: string) => app.fetch('http://test/metrics', { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 5; i++) expect((await scrape(METRICS_TOKEN)).status).toBe(200);
    expect((await scrape('wrong-token-0123456789')).status).toBe(401);
    expect((await scrape('wrong-token-0123456789')).status).toBe(401);
    expect((await scrape('wrong-token-0123456789')).status).toBe(429);
    expect((await scrape(METRICS_TOKEN)).status).toBe(200);
  });
});
