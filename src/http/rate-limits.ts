// Rate limits per client address (OWASP API4 and API2): reads per minute, and requests with a wrong
// write token per minute, each answered 429 with Retry-After once spent. Kept in Redis when REDIS_URL
// is set, so the limits hold across instances; counted in this instance's memory while Redis is sick
// (http/redis-link.ts: no request waits for it) and when REDIS_URL is unset.
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ERROR_CODES } from '../domain/error-codes.js';
import type { ClientAddressOf } from './client-address.js';
import type { RedisLink } from './redis-link.js';
import { writeAccess } from './auth.js';

export interface RateLimitOptions {
  readsPerMinute: number;
  authFailuresPerMinute: number;
  apiToken: string | undefined;
  clientAddress: ClientAddressOf;
  redis?: RedisLink;
}

/** A limiter's count of points for an address: spend one, or read what is spent. */
interface Limiter {
  /** Spends a point for `address`: null while some remain, the refusal once they are spent. */
  spend(address: string): Promise<RateLimiterRes | null>;
  /** What `address` has spent, or null when nothing. */
  spent(address: string): Promise<RateLimiterRes | null>;
}

/** A refusal is an answer; anything else (Redis failing) is thrown, for the link to fall back. */
const spendOn = (limiter: RateLimiterAbstract, address: string): Promise<RateLimiterRes | null> =>
  limiter.consume(address).then(
    () => null,
    (rejection: unknown) => {
      if (rejection instanceof RateLimiterRes) return rejection;
      throw rejection;
    },
  );

function limiter(keyPrefix: string, points: number, link: RedisLink | undefined): Limiter {
  const options = { keyPrefix: `peel-rate-${keyPrefix}`, points, duration: 60 };
  const memory = new RateLimiterMemory(options);
  const inMemory: Limiter = { spend: (address) => spendOn(memory, address), spent: (address) => memory.get(address) };
  if (!link) return inMemory;
  const shared = new RateLimiterRedis({ ...options, storeClient: link.redis, rejectIfRedisNotReady: true });
  return {
    spend: (address) =>
      link.call(
        () => spendOn(shared, address),
        () => inMemory.spend(address),
      ),
    spent: (address) =>
      link.call(
        () => shared.get(address),
        () => inMemory.spent(address),
      ),
  };
}

function tooMany(what: string, perMinute: number, variable: string, refusal: RateLimiterRes): Response {
  const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
  return Response.json(
    {
      errors: [
        {
          message: `too many ${what} from this address: at most ${perMinute} a minute (${variable}); retry in ${retryAfter} s`,
          extensions: { code: ERROR_CODES.RATE_LIMITED },
        },
      ],
    },
    { status: 429, headers: { 'retry-after': String(retryAfter) } },
  );
}

export function useRateLimits({ readsPerMinute, authFailuresPerMinute, apiToken, clientAddress, redis }: RateLimitOptions): Plugin {
  const reads = readsPerMinute > 0 ? limiter('reads', readsPerMinute, redis) : null;
  const authFailures = limiter('auth', authFailuresPerMinute, redis);
  return {
    async onRequest({ request, serverContext, endResponse, url }) {
      if (url.pathname === '/healthz' || url.pathname === '/readyz') return;
      const address = clientAddress(request, serverContext);
      const authorization = request.headers.get('authorization');
      const access = authorization === null ? null : writeAccess(authorization, apiToken);
      if (access === 'wrong-token' || access === 'no-token') {
        // Each wrong guess spends a point before it is answered; once spent, guesses get 429, not 401.
        const refusal = await authFailures.spend(address);
        if (refusal)
          return endResponse(tooMany('requests with a wrong token', authFailuresPerMinute, 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE', refusal));
      } else if (access === 'granted') {
        // Even the right token waits out the minute: otherwise a guesser learns which guess was right.
        const spent = await authFailures.spent(address).catch(() => null);
        if (spent && spent.remainingPoints <= 0) {
          return endResponse(tooMany('requests with a wrong token', authFailuresPerMinute, 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE', spent));
        }
      }
      if (!reads) return;
      const refusal = await reads.spend(address);
      if (refusal) return endResponse(tooMany('requests', readsPerMinute, 'RATE_LIMIT_READS_PER_MINUTE', refusal));
    },
  };
}
