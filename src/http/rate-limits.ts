// Rate limits per client address (OWASP API4 and API2): reads per minute, and requests with a wrong
// write token per minute, each answered 429 with Retry-After once spent. Kept in Redis when REDIS_URL
// is set, so the limits hold across instances (in memory if Redis stops answering); in memory otherwise.
import type { Redis } from 'ioredis';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ERROR_CODES } from '../domain/error-codes.js';
import type { ClientAddressOf } from './client-address.js';
import { writeAccess } from './auth.js';

export interface RateLimitOptions {
  readsPerMinute: number;
  authFailuresPerMinute: number;
  apiToken: string | undefined;
  clientAddress: ClientAddressOf;
  redis?: Redis;
}

function limiter(keyPrefix: string, points: number, redis: Redis | undefined): RateLimiterAbstract {
  const options = { keyPrefix: `peel-rate-${keyPrefix}`, points, duration: 60 };
  if (!redis) return new RateLimiterMemory(options);
  return new RateLimiterRedis({
    ...options,
    storeClient: redis,
    insuranceLimiter: new RateLimiterMemory(options),
    rejectIfRedisNotReady: true,
  });
}

/** Spends a point for `address`: null while some remain, the refusal once they are spent. */
const spend = (limiter: RateLimiterAbstract, address: string): Promise<RateLimiterRes | null> =>
  limiter.consume(address).then(
    () => null,
    (rejection: unknown) => (rejection instanceof RateLimiterRes ? rejection : null),
  );

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
        const refusal = await spend(authFailures, address);
        if (refusal)
          return endResponse(tooMany('requests with a wrong token', authFailuresPerMinute, 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE', refusal));
      } else if (access === 'granted') {
        // Even the right token waits out the minute: otherwise a guesser learns which guess was right.
        const spent = await authFailures.get(address).catch(() => null);
        if (spent && spent.remainingPoints <= 0) {
          return endResponse(tooMany('requests with a wrong token', authFailuresPerMinute, 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE', spent));
        }
      }
      if (!reads) return;
      const refusal = await spend(reads, address);
      if (refusal) return endResponse(tooMany('requests', readsPerMinute, 'RATE_LIMIT_READS_PER_MINUTE', refusal));
    },
  };
}
