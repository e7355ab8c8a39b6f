// The response cache: GraphQL results kept in memory, or in Redis when REDIS_URL is set so every
// instance shares one cache. Each entry is keyed by the data version it was read at, and a request
// looks up only the version its own snapshot holds (http/data-version.ts pins it first), so no entry
// can outlive a change, whoever made it and whichever instance heard of it: a write makes a new
// version, and entries of older ones are never read again (they expire by TTL or are evicted).
// When Redis fails, requests are answered without the cache, at once (http/redis-link.ts).
import { defaultBuildResponseCacheKey } from '@envelop/response-cache';
import { createRedisCache } from '@envelop/response-cache-redis';
import { useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import { createBoundedMemoryCache } from './memory-response-cache.js';
import { jsonSizeWithin } from './response-size.js';
import { getNamedType, parse, TypeInfo, visit, visitWithTypeInfo, type GraphQLSchema } from 'graphql';
import { connectRedis, type RedisLink } from './redis-link.js';
import type { Plugin } from 'graphql-yoga';
import type { Metrics } from './metrics.js';
import { aggregateTypeNames } from '../graphql/aggregate.js';
import type { DataVersioning } from './data-version.js';

export interface ResponseCache {
  cache: Cache;
  /** The Redis connection when the cache is shared (the rate limits keep their counts there too). */
  link?: RedisLink;
  /** Answers whether the shared cache can be reached; always true in memory. */
  ping(): Promise<boolean>;
  /** For /readyz: 'up', or how the instance answers while Redis is sick. */
  describe(): string;
  close(): Promise<void>;
}

/** Query texts remembered by `selectsUncachedType`, in entries and in characters; it starts over when full. */
const MAX_REMEMBERED_QUERIES = 500;
const MAX_REMEMBERED_CHARS = 2 * 1024 * 1024;
/** Longer query texts are looked at every time, never remembered. */
const MAX_REMEMBERED_QUERY_CHARS = 32 * 1024;

/**
 * Whether a query selects a field of an uncached type. Such a query bypasses the cache plugin
 * altogether: the plugin would rewrite it to collect entity ids, walk the whole result for them and
 * then store nothing, which made Compare over 43 forces three times slower than with no cache.
 * Answers are remembered by query text (yoga parses each text once too).
 */
export function uncachedQueryDetector(schema: GraphQLSchema, maxTokens: number): (query: string | undefined) => boolean {
  // Results of aggregate types are not cached: a new finding changes a count without touching any cached entity.
  const uncached = new Set(aggregateTypeNames(schema));
  const remembered = new Map<string, boolean>();
  let rememberedChars = 0;
  const selectsUncachedType = (query: string): boolean => {
    let document;
    try {
      // The same token limit as yoga's own parse: a huge text is refused there, and costs no more here.
      document = parse(query, { maxTokens });
    } catch {
      return false; // yoga answers the syntax error; the cache has nothing to do with it
    }
    const typeInfo = new TypeInfo(schema);
    let found = false;
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field() {
          const type = typeInfo.getType();
          if (type && uncached.has(getNamedType(type).name)) found = true;
        },
      }),
    );
    return found;
  };
  return (query) => {
    if (!query) return false;
    let answer = remembered.get(query);
    if (answer === undefined) {
      answer = selectsUncachedType(query);
      if (query.length > MAX_REMEMBERED_QUERY_CHARS) return answer;
      if (remembered.size >= MAX_REMEMBERED_QUERIES || rememberedChars + query.length > MAX_REMEMBERED_CHARS) {
        remembered.clear();
        rememberedChars = 0;
      }
      remembered.set(query, answer);
      rememberedChars += query.length;
    }
    return answer;
  };
}

/** Redis keeps no answer larger than this (its memory is bounded by Redis's own maxmemory). */
const MAX_SHARED_ENTRY_CHARS = 1024 * 1024;

/** A cache whose failures are misses: Redis sick means slower answers, never failed or late ones. */
function resilient(inner: Cache, link: RedisLink): Cache {
  return {
    get: (key) =>
      link.call(
        async () => inner.get(key),
        () => undefined,
      ),
    // One SET, not the library's pipeline: a pipeline resolves even when its commands time out, which
    // would tell the link a sick Redis is well. (Keys carry the data version: no entity sets needed.)
    set: (id, result, _entities, ttl) =>
      jsonSizeWithin(result, MAX_SHARED_ENTRY_CHARS) > MAX_SHARED_ENTRY_CHARS
        ? undefined
        : link.call(
            async (redis) =>
              void (await (Number.isFinite(ttl)
                ? redis.set(id, JSON.stringify(result), 'PX', ttl)
                : redis.set(id, JSON.stringify(result)))),
            () => undefined,
          ),
    invalidate: (entities) =>
      link.call(
        async () => inner.invalidate(entities),
        () => undefined,
      ),
  };
}

export function createResponseCache(redisUrl: string | undefined): ResponseCache {
  if (!redisUrl) {
    return { cache: createBoundedMemoryCache(), ping: async () => true, describe: () => 'up', close: async () => {} };
  }
  const link = connectRedis(redisUrl);
  return {
    cache: resilient(createRedisCache({ redis: link.redis }), link),
    link,
    ping: () =>
      link.call(
        (redis) => redis.ping().then((reply) => reply === 'PONG'),
        () => false,
      ),
    describe: () => link.describe(),
    close: async () => link.close(),
  };
}

/** The data version a cache key was built for (`v<version>:…`); null for a key of another shape. */
export const versionOfKey = (key: string): number | null => {
  const match = /^v(\d+):/.exec(key);
  return match ? Number(match[1]) : null;
};

export function useCache(
  responseCache: ResponseCache,
  ttlMs: number,
  metrics: Metrics,
  schema: GraphQLSchema,
  maxTokens: number,
  versions: DataVersioning,
): Plugin {
  const selectsUncachedType = uncachedQueryDetector(schema, maxTokens);
  // Marked from the query text as soon as yoga has it, before the cache plugin looks anything up.
  const bypassing = new WeakSet<Request>();
  const counted: Cache = {
    get: async (key) => {
      // A key of an older version than the one held is stale whatever the cache still has: an
      // ETag sent back in If-None-Match is such a key, and must not earn a 304 after a change.
      const version = versionOfKey(key);
      const result = version !== null && version < versions.current() ? undefined : await responseCache.cache.get(key);
      metrics.cache.inc({ result: result ? 'hit' : 'miss' });
      return result;
    },
    set: (...args) => responseCache.cache.set(...args),
    invalidate: (entities) => responseCache.cache.invalidate(entities),
  };
  return {
    onPluginInit({ addPlugin }) {
      addPlugin({
        onParams({ params, request }) {
          if (selectsUncachedType(params.query)) bypassing.add(request);
        },
      });
      addPlugin(
        useResponseCache({
          cache: counted,
          // The data is public: one cache for everyone.
          session: () => null,
          ttl: ttlMs,
          ttlPerSchemaCoordinate: Object.fromEntries(aggregateTypeNames(schema).map((type) => [type, 0])),
          // Entries are keyed by data version: a write needs to invalidate nothing.
          invalidateViaMutation: false,
          // Requests that carry a token are writes, or testing them: never served from the cache.
          enabled: (request) => !request.headers.has('authorization') && !bypassing.has(request),
          // The plugin computes its key (a WebCrypto digest, on the thread pool) for every request,
          // even one it will not cache: ~0.3 ms of a Compare at one connection. None for those; the
          // plugin's own for the rest (off the main thread, which pays at 32 connections).
          buildResponseCacheKey: async (params) => {
            if (bypassing.has(params.request)) return 'bypassed';
            const version = await versions.versionOf(params.request);
            return `v${version ?? 'unread'}:${await defaultBuildResponseCacheKey(params)}`;
          },
        }),
      );
    },
  };
}

/**
 * GET queries may be stored by browsers and proxies but must be revalidated (the ETag the cache
 * sets makes that a 304), since an import can change any answer at any time.
 */
export function useHttpCaching(): Plugin {
  return {
    onResponse({ request, response }) {
      if (request.method === 'GET' && new URL(request.url).pathname === '/graphql' && response.status < 400) {
        if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'public, max-age=0, must-revalidate');
      }
    },
  };
}
