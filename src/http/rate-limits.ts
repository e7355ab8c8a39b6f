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
  /** The token /metrics asks for: a wrong one there is a guess at it, not at the write token. */
  metricsToken?: string | undefined;
  clientAddress: ClientAddressOf;
  redis?: RedisLink;
}

/** A limiter's count of points per address. */
interface Limiter {
  /** Spends a point for `address`: null while some remain, the refusal once they are spent. */
  spend(address: string): Promise<RateLimiterRes | null>;
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
  const inMemory: Limiter = { spend: (address) => spendOn(memory, address) };
  if (!link) return inMemory;
  const shared = new RateLimiterRedis({ ...options, storeClient: link.redis, rejectIfRedisNotReady: true });
  return {
    spend: (address) =>
      link.call(
        () => spendOn(shared, address),
        () => inMemory.spend(address),
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

export function useRateLimits({
  readsPerMinute,
  authFailuresPerMinute,
  apiToken,
  metricsToken,
  clientAddress,
  redis,
}: RateLimitOptions): Plugin {
  const reads = readsPerMinute > 0 ? limiter('reads', readsPerMinute, redis) : null;
  const authFailures = limiter('auth', authFailuresPerMinute, redis);
  return {
    async onRequest({ request, serverContext, endResponse, url }) {
      // /healthz costs nothing (no database, no Redis) and must answer an orchestrator under any load.
      // /readyz and /metrics count like any request: each answer does work.
      if (url.pathname === '/healthz') return;
      const address = clientAddress(request, serverContext);
      // Only a wrong bearer token is a guess: it spends a point before it is answered, and once an
      // address has spent them its guesses get 429, not 401. The right token is never refused for
      // others' guesses (against a token of 16 or more random characters, ten guesses a minute learn
      // nothing, while refusing it would let anyone lock every writer out), and a header that is no
      // bearer token at all (a read sent with Basic credentials, say) guesses nothing.
      const authorization = request.headers.get('authorization');
      const token = url.pathname === '/metrics' ? metricsToken : apiToken;
      if (authorization !== null && writeAccess(authorization, token) === 'wrong-token') {
        const refusal = await authFailures.spend(address);
        if (refusal)
          return endResponse(tooMany('requests with a wrong token', authFailuresPerMinute, 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE', refusal));
      }
      if (!reads) return;
      const refusal = await reads.spend(address);
      if (refusal) return endResponse(tooMany('requests', readsPerMinute, 'RATE_LIMIT_READS_PER_MINUTE', refusal));
    },
  };
}
