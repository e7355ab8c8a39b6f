// The connection to Redis (REDIS_URL), shared by the response cache and the rate limits, and what
// keeps a sick Redis from holding up requests. Every call is bounded (REDIS_TIMEOUT_MS); the first
// failure opens a breaker, and while it is open calls do not go to Redis at all: each answers its
// fallback at once (no cache, limits counted in this instance's memory). After BREAKER_OPEN_MS one
// call tries Redis again; its success closes the breaker. A Redis stopped without closing its
// connections (SIGSTOP, a silent partition) costs one request REDIS_TIMEOUT_MS every BREAKER_OPEN_MS.
import { Redis } from 'ioredis';

/** How long one Redis call may take before the request goes on without it. */
export const REDIS_TIMEOUT_MS = 250;
/** How long Redis is left alone after a failure before one call tries it again. */
export const BREAKER_OPEN_MS = 2_000;

export interface RedisLink {
  readonly redis: Redis;
  /**
   * `work` against Redis, bounded by REDIS_TIMEOUT_MS; on a failure or a timeout, or at once while
   * the breaker is open, `fallback` instead. A failure opens the breaker.
   */
  call<T>(work: (redis: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T>;
  /** Whether calls go to Redis now (the breaker is closed). */
  readonly healthy: boolean;
  /** For /readyz: 'up', or why and since when calls do not go to Redis. */
  describe(): string;
  close(): void;
}

function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class BreakerRedisLink implements RedisLink {
  readonly redis: Redis;
  readonly #now: () => number;
  /** When the breaker opened and why; null while it is closed. */
  #open: { at: number; reason: string } | null = null;
  /** A call trying Redis again is under way: the others keep to their fallbacks meanwhile. */
  #probing = false;

  constructor(redis: Redis, now: () => number = () => Date.now()) {
    this.redis = redis;
    this.#now = now;
  }

  get healthy(): boolean {
    return this.#open === null;
  }

  async call<T>(work: (redis: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    const probe = this.#open !== null;
    if (probe) {
      if (this.#probing || this.#now() - this.#open!.at < BREAKER_OPEN_MS) return fallback();
      this.#probing = true;
    }
    try {
      const value = await bounded(work(this.redis), REDIS_TIMEOUT_MS);
      this.#open = null;
      return value;
    } catch (error) {
      this.#open = { at: this.#now(), reason: error instanceof Error ? error.message : String(error) };
      return fallback();
    } finally {
      if (probe) this.#probing = false;
    }
  }

  describe(): string {
    if (this.#open === null) return 'up';
    const { at, reason } = this.#open;
    return `degraded: Redis failed (${reason}) at ${new Date(at).toISOString()}; answering without the shared cache, rate limits counted per instance`;
  }

  close(): void {
    this.redis.disconnect();
  }
}

/** Connects to `url`: fail fast while Redis is away (no offline queue, no retries per command, a timeout on each), reconnecting in the background. */
export function connectRedis(url: string): RedisLink {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: REDIS_TIMEOUT_MS,
    connectTimeout: 2_000,
    lazyConnect: false,
  });
  redis.on('error', () => {});
  return new BreakerRedisLink(redis);
}
