// Yoga's parse caches (document and parse-error by query text), bounded in bytes: yoga's own hold
// 1,024 entries whatever their size, and a query under the token limit can still carry megabytes of
// string literals. The validation cache hangs off the cached documents, so it is bounded with them.
import { LRUCache } from 'lru-cache';
import type { YogaServerOptions } from 'graphql-yoga';

/** An AST takes many times its text's size; this is the estimate per character of query text. */
const BYTES_PER_QUERY_CHAR = 24;
const MAX_CACHED_BYTES = 64 * 1024 * 1024;
/** A query text longer than this is parsed every time, never kept. */
const MAX_CACHED_QUERY_CHARS = 64 * 1024;

function boundedTextCache<T extends object>(): { get(key: string): T | undefined; set(key: string, value: T): void } {
  const cache = new LRUCache<string, T>({
    max: 1024,
    maxSize: MAX_CACHED_BYTES,
    sizeCalculation: (_value, key) => Math.max(1, key.length * BYTES_PER_QUERY_CHAR),
  });
  return {
    get: (key) => cache.get(key),
    set: (key, value) => {
      if (key.length <= MAX_CACHED_QUERY_CHARS) cache.set(key, value);
    },
  };
}

export function boundedParserCache(): NonNullable<YogaServerOptions<object, object>['parserAndValidationCache']> {
  return { documentCache: boundedTextCache(), errorCache: boundedTextCache(), validationCache: true };
}
