// The in-process response cache (used without REDIS_URL): answers kept for their TTL, bounded in
// bytes as well as in entries, with expired answers purged on time rather than when next asked
// for. The plugin's own in-memory cache counts entries only, and one entry can be megabytes.
// Entries are indexed by the entities they hold, so a write can drop exactly the answers it staled.
import type { Cache, CacheEntityRecord } from '@envelop/response-cache';
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

const entityKey = ({ typename, id }: CacheEntityRecord) => (id === undefined ? typename : `${typename}:${id}`);

export function createBoundedMemoryCache(bounds: MemoryCacheBounds = DEFAULT_MEMORY_CACHE_BOUNDS): Cache {
  const responseIdsByEntity = new Map<string, Set<string>>();
  const entitiesByResponseId = new Map<string, string[]>();
  const forget = (responseId: string) => {
    for (const entity of entitiesByResponseId.get(responseId) ?? []) {
      const ids = responseIdsByEntity.get(entity);
      ids?.delete(responseId);
      if (ids?.size === 0) responseIdsByEntity.delete(entity);
    }
    entitiesByResponseId.delete(responseId);
  };
  const answers = new LRUCache<string, { result: ExecutionResult; chars: number }>({
    max: bounds.maxEntries,
    maxSize: bounds.maxChars,
    sizeCalculation: (entry) => entry.chars,
    // Expired answers go when they expire, with their index entries, not when next asked for.
    ttlAutopurge: true,
    dispose: (_entry, responseId) => forget(responseId),
  });
  return {
    set(responseId, result, entities, ttl) {
      // Measured by a walk that stops at the bound, not by serialising the whole answer.
      const chars = jsonSizeWithin(result, bounds.maxEntryChars);
      if (chars > bounds.maxEntryChars) return;
      answers.set(responseId, { result, chars }, { ttl });
      if (!answers.has(responseId)) return;
      const keys = [...new Set([...entities].flatMap((entity) => [entity.typename, entityKey(entity)]))];
      entitiesByResponseId.set(responseId, keys);
      for (const key of keys) {
        let ids = responseIdsByEntity.get(key);
        if (!ids) responseIdsByEntity.set(key, (ids = new Set()));
        ids.add(responseId);
      }
    },
    get: (responseId) => answers.get(responseId)?.result,
    invalidate(entities) {
      for (const entity of entities) {
        for (const responseId of [...(responseIdsByEntity.get(entityKey(entity)) ?? [])]) answers.delete(responseId);
      }
    },
  };
}
