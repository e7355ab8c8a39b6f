// Reuses drizzle's built relational queries. Turning a relational query config (the nested
// `columns`/`with`/`where` tree plugin-drizzle makes of a GraphQL selection) into SQL and a row mapper
// costs more CPU than anything else in a request, and the same operation with the same arguments
// always yields the same config. So the built query is kept, keyed by the config's content, and the
// next identical request only executes it. Functions and other non-plain values in a config (a `RAW`
// filter, an `extras` column) are keyed by identity, so a config is reused only when it is truly the
// same; per-request closures never repeat, and a config must be seen twice before it is kept, so they
// never fill the cache.
//
// Built on the one patch of drizzle's internals, in db/library-patches.ts; its test
// (test/built-query-cache.test.ts) asserts the behaviour, a repeated request built once.
import type { Database } from './connect.js';
import { interceptRelationalPrepare, type BuiltQuery } from './library-patches.js';
import { repeatedAfter } from './repeat-counter.js';

/** A config is built and kept once it has been seen this often. */
const HOT_AFTER = 2;
/** Built queries kept per database; the oldest goes first. */
const MAX_KEPT = 500;
/** And at most this many key characters in all (a built query is about as large as its key). */
const MAX_KEPT_CHARS = 4 * 1024 * 1024;
/** A config whose key is longer than this is built every time, never kept. */
const MAX_KEY_CHARS = 32 * 1024;

const identities = new WeakMap<object, number>();
const symbolIdentities = new Map<symbol, number>(); // symbols cannot be WeakMap keys on Node 20
let nextIdentity = 0;

function identityOf(value: object | symbol): string {
  const known = typeof value === 'symbol' ? symbolIdentities.get(value) : identities.get(value);
  if (known !== undefined) return `#${known}`;
  const id = nextIdentity++;
  if (typeof value === 'symbol') symbolIdentities.set(value, id);
  else identities.set(value, id);
  return `#${id}`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A string that is equal for two configs exactly when drizzle would build the same query from them. */
export function configKey(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'u';
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${(typeof value)[0]}${String(value)}`;
    case 'function':
      return identityOf(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(configKey).join(',')}]`;
      if (!isPlainObject(value)) return identityOf(value);
      let key = '{';
      for (const name of Object.keys(value)) key += `${JSON.stringify(name)}:${configKey(value[name])},`;
      return `${key}}`;
    }
    case 'symbol':
      return identityOf(value);
  }
}

/** Makes every `db.query.<table>.findMany/findFirst` on this database reuse built queries. */
export function reuseBuiltQueries(db: Database): void {
  const kept = new Map<string, BuiltQuery>();
  let keptChars = 0;
  const isHot = repeatedAfter(HOT_AFTER, { maxKeyChars: MAX_KEY_CHARS });

  interceptRelationalPrepare(db, (table, call, config, build) => {
    const key = `${table}.${call}${configKey(config)}`;
    const known = kept.get(key);
    if (known) return known;
    if (!isHot(key)) return build();
    const built = build();
    while (kept.size > 0 && (kept.size >= MAX_KEPT || keptChars + key.length > MAX_KEPT_CHARS)) {
      const oldest = kept.keys().next().value!;
      kept.delete(oldest);
      keptChars -= oldest.length;
    }
    kept.set(key, built);
    keptChars += key.length;
    return built;
  });
}
