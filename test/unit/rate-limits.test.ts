// The rate-limit plugin on its own: requests handed to its onRequest hook, what it ends them with,
// and a Redis link that reports what is asked of it (test/hardening.test.ts shows the same through
// the app; test/redis-faults.test.ts with a real Redis).
import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { useRateLimits, type RateLimitOptions } from '../../src/http/rate-limits.js';
import type { RedisLink } from '../../src/http/redis-link.js';

const TOKEN = 'the-right-token-0123456789';

type Hook = (payload: { request: Request; serverContext: unknown; endResponse: (r: Response) => void; url: URL }) => Promise<void>;

function plugin(options: Partial<RateLimitOptions> = {}) {
  const { onRequest } = useRateLimits({
    readsPerMinute: 3,
    authFailuresPerMinute: 2,
    apiToken: TOKEN,
    clientAddress: (request) => request.headers.get('x-test-client') ?? 'nobody',
    ...options,
  }) as { onRequest: Hook };
  /** Sends one request; answers the response it was ended with, or null when it went on. */
  return async (client: string, { path = '/graphql', authorization }: { path?: string; authorization?: string } = {}) => {
    const url = new URL(`http://test${path}`);
    const request = new Request(url, { headers: { 'x-test-client': client, ...(authorization ? { authorization } : {}) } });
    let ended: Response | null = null;
    await onRequest({ request, serverContext: {}, url, endResponse: (response) => (ended = response) });
    return ended as Response | null;
  };
}

describe('the rate limits', () => {
  it('let an address make its reads a minute, then answer 429 with Retry-After and a message naming the setting', async () => {
    const send = plugin();
    expect([await send('a'), await send('a'), await send('a')]).toEqual([null, null, null]);
    const refused = (await send('a'))!;
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      errors: [
        {
          message: `too many requests from this address: at most 3 a minute (RATE_LIMIT_READS_PER_MINUTE); retry in ${retryAfter} s`,
          extensions: { code: 'RATE_LIMITED' },
        },
      ],
    });
    expect(await send('b')).toBeNull(); // another address has its own
  });

  it('leave /healthz alone, count /readyz and /metrics like any request, and count nothing when reads are unlimited', async () => {
    const send = plugin({ readsPerMinute: 2 });
    for (let i = 0; i < 5; i++) expect(await send('a', { path: '/healthz' })).toBeNull();
    expect(await send('a', { path: '/readyz' })).toBeNull();
    expect(await send('a', { path: '/metrics' })).toBeNull();
    expect((await send('a', { path: '/readyz' }))!.status).toBe(429);
    expect((await send('a'))!.status).toBe(429);
    expect(await send('a', { path: '/healthz' })).toBeNull();
    const unlimited = plugin({ readsPerMinute: 0 });
    for (let i = 0; i < 10; i++) expect(await unlimited('a')).toBeNull();
  });

  it('count wrong bearer tokens per address: 429 once spent, for the wrong ones only', async () => {
    const send = plugin({ readsPerMinute: 100 });
    const wrong = { authorization: 'Bearer wrong-guess-0123456789' };
    expect([await send('a', wrong), await send('a', wrong)]).toEqual([null, null]);
    const refused = (await send('a', wrong))!;
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      errors: [
        {
          message: expect.stringMatching(
            /^too many requests with a wrong token from this address: at most 2 a minute \(RATE_LIMIT_AUTH_FAILURES_PER_MINUTE\); retry in \d+ s$/,
          ),
        },
      ],
    });
    expect(await send('a', { authorization: `Bearer ${TOKEN}` })).toBeNull();
    expect(await send('b', wrong)).toBeNull();
  });

  it('do not count what is no bearer token, nor any token when writes are disabled', async () => {
    const send = plugin({ readsPerMinute: 100 });
    for (let i = 0; i < 5; i++) {
      expect(await send('a', { authorization: 'x' })).toBeNull();
      expect(await send('a', { authorization: 'Basic dXNlcjpwYXNz' })).toBeNull();
    }
    const disabled = plugin({ readsPerMinute: 100, apiToken: undefined });
    for (let i = 0; i < 5; i++) expect(await disabled('a', { authorization: 'Bearer wrong-guess-0123456789' })).toBeNull();
  });

  it('a wrong token counts as a read too', async () => {
    const send = plugin({ readsPerMinute: 2, authFailuresPerMinute: 10 });
    const wrong = { authorization: 'Bearer wrong-guess-0123456789' };
    expect([await send('a', wrong), await send('a', wrong)]).toEqual([null, null]);
    expect((await send('a', wrong))!.status).toBe(429);
  });

  it('with Redis sick, count in memory through the link, so the limits still hold', async () => {
    const asked: string[] = [];
    const sick: RedisLink = {
      redis: {} as Redis,
      healthy: false,
      call: async (_work, fallback) => {
        asked.push('call');
        return fallback();
      },
      describe: () => 'degraded',
      close: () => {},
    };
    const send = plugin({ redis: sick, readsPerMinute: 2 });
    expect([await send('a'), await send('a')]).toEqual([null, null]);
    expect((await send('a'))!.status).toBe(429);
    expect(asked).toHaveLength(3);
    expect((await send('a', { authorization: 'Bearer wrong-guess-0123456789' }))!.status).toBe(429);
    expect(asked).toHaveLength(5); // the guess counted through the link, then the read, refused
  });
});
