// Reuses drizzle's built relational queries. Turning a relational query config (the nested
// `columns`/`with`/`where` tree plugin-drizzle makes of a GraphQL selection) into SQL and a row mapper
// costs more CPU than anything else in a request, and the same operation with the same arguments
// always yields the same config. So the built query is kept, keyed by the config's content, and the
// next identical request only executes it. Functions and other non-plain values in a config (a `RAW`
// filter, an `extras` column) are keyed by identity, so a config is reused only when it is truly the
// same; per-request closures never repeat, and a config must be seen twice before it is kept, so they
// never fill the cache.
//
// A patch on drizzle's internals: it replaces the relational query's private `_prepare`. Upstream,
// drizzle's prepared relational queries with placeholders (`.prepare(name)` plus `sql.placeholder`)
// would replace it once plugin-drizzle can hand its planned configs over as such. Its test
// (test/built-query-cache.test.ts) asserts the behaviour, a repeated request built once, and so
// fails loudly if a drizzle release changes what it relies on.
import type { Database } from './connect.js';
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

interface Prepared {
  execute(placeholders?: Record<string, unknown>): Promise<unknown>;
}

/** The part of drizzle's relational query this cache replaces: `_prepare` without a statement name. */
interface RelationalQuery {
  _prepare(name?: string, generateName?: boolean): Prepared;
}

interface QueryBuilder {
  findMany(config?: unknown): RelationalQuery;
  findFirst(config?: unknown): RelationalQuery;
}

/** Makes every `db.query.<table>.findMany/findFirst` on this database reuse built queries. */
export function reuseBuiltQueries(db: Database): void {
  const kept = new Map<string, Prepared>();
  let keptChars = 0;
  const isHot = repeatedAfter(HOT_AFTER, { maxKeyChars: MAX_KEY_CHARS });

  const reuse = (query: RelationalQuery, key: string): RelationalQuery => {
    const build = query._prepare.bind(query);
    query._prepare = (name, generateName) => {
      if (name !== undefined || generateName) return build(name, generateName);
      const known = kept.get(key);
      if (known) return known;
      if (!isHot(key)) return build();
      const prepared = build();
      while (kept.size > 0 && (kept.size >= MAX_KEPT || keptChars + key.length > MAX_KEPT_CHARS)) {
        const oldest = kept.keys().next().value!;
        kept.delete(oldest);
        keptChars -= oldest.length;
      }
      kept.set(key, prepared);
      keptChars += key.length;
      return prepared;
    };
    return query;
  };

  const builders = db.query as unknown as Record<string, QueryBuilder>;
  for (const table of Object.keys(builders)) {
    const builder = builders[table]!;
    const findMany = builder.findMany.bind(builder);
    const findFirst = builder.findFirst.bind(builder);
    builder.findMany = (config) => reuse(findMany(config), `${table}.many${configKey(config)}`);
    builder.findFirst = (config) => reuse(findFirst(config), `${table}.first${configKey(config)}`);
  }
}
