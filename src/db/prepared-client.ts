// A node-postgres client that turns the queries it sees again and again into named prepared
// statements, so PostgreSQL parses and plans them once per connection instead of on every request.
// plugin-drizzle plans a whole GraphQL selection into one large SQL text; planning it costs more
// than running it, and the same selection always yields the same text.
//
// It extends pg.Client through the pool's supported `Client` option, and names statements with
// node-postgres's own `name` query option; only the cancellation reaches into pg's internals, and
// that lives in db/library-patches.ts. Upstream, a driver option to prepare repeated texts
// automatically (as pgx does for Go) would replace the naming. test/library-patches.test.ts asserts
// the behaviour on PostgreSQL: a text seen often enough runs as a named statement.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { cancelRunningStatement } from './library-patches.js';
import { repeatedAfter } from './repeat-counter.js';
import { requestContext } from './request-context.js';

/** A text is prepared once it has been seen this often (one-off queries stay unnamed). */
const isHot = repeatedAfter(3);
/** At most this many texts are ever prepared, so odd queries cannot grow every connection's memory. */
const MAX_PREPARED = 200;

const names = new Map<string, string>();

function nameFor(text: string): string | undefined {
  const known = names.get(text);
  if (known) return known;
  if (!/^\s*(select|with)\b/i.test(text) || names.size >= MAX_PREPARED) return undefined;
  if (!isHot(text)) return undefined;
  const name = `peel_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  names.set(text, name);
  return name;
}

export class PreparingClient extends pg.Client {
  override query(config: unknown, values?: unknown, callback?: unknown): never {
    if (config && typeof config === 'object' && 'text' in config && !(config as { name?: string }).name) {
      const name = nameFor((config as { text: string }).text);
      if (name) config = { ...(config as object), name };
    }
    const signal = requestContext.getStore()?.deadline?.signal;
    if (!signal) return (super.query as (...args: unknown[]) => never)(config, values, callback);
    // When the request's deadline passes while this statement runs, PostgreSQL is told to stop it.
    const cancel = () => cancelRunningStatement(this);
    signal.addEventListener('abort', cancel, { once: true });
    const settled = () => signal.removeEventListener('abort', cancel);
    // The pool calls with a callback, drizzle's own clients without: both settle the listener.
    if (typeof callback === 'function') {
      return (super.query as (...args: unknown[]) => never)(
        config,
        values,
        (...args: unknown[]) => (settled(), (callback as (...a: unknown[]) => void)(...args)),
      );
    }
    if (typeof values === 'function') {
      return (super.query as (...args: unknown[]) => never)(
        config,
        (...args: unknown[]) => (settled(), (values as (...a: unknown[]) => void)(...args)),
      );
    }
    const result = (super.query as (...args: unknown[]) => Promise<unknown>)(config, values);
    result.then(settled, settled);
    return result as never;
  }
}
