// The Redis breaker without a Redis: calls the test answers, fails or leaves hanging, and a clock
// the test moves. (test/redis-faults.test.ts shows the same with a real Redis behind a paused proxy.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Redis } from 'ioredis';
import { BREAKER_OPEN_MS, BreakerRedisLink, connectRedis, REDIS_TIMEOUT_MS } from '../../src/http/redis-link.js';

let disconnected = 0;
const redis = { disconnect: () => disconnected++ } as unknown as Redis;
let now = 0;
const link = () => new BreakerRedisLink(redis, () => now);
const hang = () => new Promise<never>(() => {});

beforeEach(() => {
  vi.useFakeTimers();
  now = Date.parse('2026-12-05T10:00:00Z');
  disconnected = 0;
});
afterEach(() => vi.useRealTimers());

describe('the Redis breaker', () => {
  it('passes calls and their answers through while Redis answers', async () => {
    const l = link();
    let given: Redis | undefined;
    expect(
      await l.call(
        async (r) => {
          given = r;
          return 'PONG';
        },
        () => 'fallback',
      ),
    ).toBe('PONG');
    expect(given).toBe(redis);
    expect(l.healthy).toBe(true);
    expect(l.describe()).toBe('up');
    expect(vi.getTimerCount()).toBe(0); // an answered call leaves no timer behind
  });

  it(`gives a call ${REDIS_TIMEOUT_MS} ms, then answers the fallback and opens`, async () => {
    const l = link();
    expect(REDIS_TIMEOUT_MS).toBe(250);
    let answer: string | undefined;
    void l.call(hang, () => 'fallback').then((value) => (answer = value));
    await vi.advanceTimersByTimeAsync(REDIS_TIMEOUT_MS - 1);
    expect(answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(answer).toBe('fallback');
    expect(l.healthy).toBe(false);
    expect(l.describe()).toBe(
      'degraded: Redis failed (no answer within 250 ms) at 2026-12-05T10:00:00.000Z; answering without the shared cache, rate limits counted per instance',
    );
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a failure opens it too, naming the failure; what is not an Error is named as it is', async () => {
    const l = link();
    expect(
      await l.call(
        () => Promise.reject(new Error('Connection is closed.')),
        async () => 'fallback',
      ),
    ).toBe('fallback');
    expect(l.describe()).toMatch(/^degraded: Redis failed \(Connection is closed\.\) at /);
    now += BREAKER_OPEN_MS;
    await l.call(
      () => Promise.reject('READONLY'),
      () => null,
    );
    expect(l.describe()).toMatch(/^degraded: Redis failed \(READONLY\) at /);
  });

  it(`while open, calls do not reach Redis for ${BREAKER_OPEN_MS} ms; then one tries, and its success closes it`, async () => {
    const l = link();
    await l.call(
      () => Promise.reject(new Error('down')),
      () => null,
    );
    let calls = 0;
    const work = async () => {
      calls++;
      return 'PONG';
    };
    now += BREAKER_OPEN_MS - 1;
    expect(await l.call(work, () => 'fallback')).toBe('fallback');
    expect(calls).toBe(0);
    now += 1;
    expect(await l.call(work, () => 'fallback')).toBe('PONG');
    expect(calls).toBe(1);
    expect(l.healthy).toBe(true);
    expect(await l.call(work, () => 'fallback')).toBe('PONG');
    expect(calls).toBe(2);
  });

  it('one try at a time: the others keep to their fallbacks meanwhile, and a failed try opens it again', async () => {
    const l = link();
    await l.call(
      () => Promise.reject(new Error('down')),
      () => null,
    );
    now += BREAKER_OPEN_MS;
    let tries = 0;
    const countedPong = () => {
      tries++;
      return Promise.resolve('PONG');
    };
    const trying = l.call(
      () => {
        tries++;
        return hang();
      },
      () => 'fallback',
    );
    expect(await l.call(countedPong, () => 'meanwhile')).toBe('meanwhile');
    expect(tries).toBe(1);
    await vi.advanceTimersByTimeAsync(REDIS_TIMEOUT_MS);
    expect(await trying).toBe('fallback');
    expect(l.healthy).toBe(false);
    // Opened again from the failed try: another BREAKER_OPEN_MS before the next.
    now += BREAKER_OPEN_MS - 1;
    expect(
      await l.call(
        async () => 'PONG',
        () => 'fallback',
      ),
    ).toBe('fallback');
    now += 1;
    expect(
      await l.call(
        async () => 'PONG',
        () => 'fallback',
      ),
    ).toBe('PONG');
  });

  it('a call that ends while another tries Redis again does not let a second try start', async () => {
    const l = link();
    let tries = 0;
    const countedPong = () => {
      tries++;
      return Promise.resolve('PONG');
    };
    const slow = l.call(hang, () => 'slow'); // under way while closed; times out at 250 ms
    await vi.advanceTimersByTimeAsync(200);
    await l.call(
      () => Promise.reject(new Error('down')),
      () => null,
    ); // opens
    now += BREAKER_OPEN_MS;
    const trying = l.call(
      () => {
        tries++;
        return hang();
      },
      () => 'tried',
    ); // the one try: times out at 450 ms
    await vi.advanceTimersByTimeAsync(50);
    expect(await slow).toBe('slow'); // the slow call ended (and opened the breaker again, at `now`)
    now += BREAKER_OPEN_MS;
    expect(await l.call(countedPong, () => 'meanwhile')).toBe('meanwhile');
    expect(tries).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(await trying).toBe('tried');
  });

  it('connects fail-fast: with Redis away a call falls back at once, not after the timeout, and says when', async () => {
    vi.useRealTimers();
    const away = connectRedis('redis://127.0.0.1:1'); // nothing listens there
    try {
      const started = performance.now();
      expect(
        await away.call(
          (r) => r.ping(),
          () => 'fallback',
        ),
      ).toBe('fallback');
      expect(performance.now() - started).toBeLessThan(REDIS_TIMEOUT_MS / 2);
      const at = Date.parse(/ at (\S+);/.exec(away.describe())![1]!);
      expect(Math.abs(at - Date.now())).toBeLessThan(5_000);
    } finally {
      away.close();
    }
  });

  it('close disconnects', () => {
    link().close();
    expect(disconnected).toBe(1);
  });
});
