// The in-process response cache (used without REDIS_URL): answers kept for their TTL, bounded in
// bytes as well as in entries, with expired answers purged on time rather than when next asked
// for. The plugin's own in-memory cache counts entries only, and one entry can be megabytes.
// Entries are keyed by data version (response-cache.ts), so no write needs to drop any: nothing is
// indexed by entity, and `invalidate`, which nothing in the server calls, drops every answer.
import type { Cache } from '@envelop/response-cache';
import type { ExecutionResult } from 'graphql';
import { LRUCache } from 'lru-cache';
import { jsonSizeWithin } from './response-size.js';

export interface MemoryCacheBounds {
  /** Total size of the kept answers (their JSON as jsonSizeWithin counts it, in characters). */
  maxChars: number;
  /** An answer larger than this is never kept. */
  maxEntryChars: number;
  maxEntries: number;
}

export const DEFAULT_MEMORY_CACHE_BOUNDS: MemoryCacheBounds = { maxChars: 64 * 1024 * 1024, maxEntryChars: 1024 * 1024, maxEntries: 2000 };

export function createBoundedMemoryCache(bounds: MemoryCacheBounds = DEFAULT_MEMORY_CACHE_BOUNDS): Cache {
  const answers = new LRUCache<string, { result: ExecutionResult; chars: number }>({
    max: bounds.maxEntries,
    maxSize: bounds.maxChars,
    sizeCalculation: (entry) => entry.chars,
    // Expired answers go when they expire, not when next asked for.
    ttlAutopurge: true,
  });
  return {
    set(responseId, result, _entities, ttl) {
      // Measured by a walk that stops at the bound, not by serialising the whole answer.
      const chars = jsonSizeWithin(result, bounds.maxEntryChars);
      if (chars > bounds.maxEntryChars) return;
      answers.set(responseId, { result, chars }, { ttl });
    },
    get: (responseId) => answers.get(responseId)?.result,
    invalidate() {
      answers.clear();
    },
  };
}
