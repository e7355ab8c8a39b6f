// Every place this project reaches into a library's private internals, gathered here so that a drizzle
// or pg release that changes them is found in one file. Each names the upstream feature that would
// replace it. test/library-patches.test.ts and test/built-query-cache.test.ts assert the behaviour
// built on them (a repeated request builds its query once; a statement past its deadline is cancelled
// on PostgreSQL; a repeated text runs as a named statement), so a changed internal fails loudly there.
import pg from 'pg';
import type { Database } from './connect.js';

/** A built relational query: drizzle's private `_prepare` result, executed with its placeholders. */
export interface BuiltQuery {
  execute(placeholders?: Record<string, unknown>): Promise<unknown>;
}

/** Builds the query drizzle was about to build (its own `_prepare`, without a statement name). */
export type BuildQuery = () => BuiltQuery;

/** Decides how a relational query gets built: `key` names the table, the call and nothing else. */
export type PrepareHook = (table: string, call: 'many' | 'first', config: unknown, build: BuildQuery) => BuiltQuery;

/** drizzle's relational query object: `_prepare` is private and builds SQL plus a row mapper. */
interface RelationalQuery {
  _prepare(name?: string, generateName?: boolean): BuiltQuery;
}

interface QueryBuilder {
  findMany(config?: unknown): RelationalQuery;
  findFirst(config?: unknown): RelationalQuery;
}

/**
 * Routes the building of every `db.query.<table>.findMany/findFirst` through `hook`.
 * Patch on drizzle 1.0 rc: replaces the relational query's private `_prepare`. Upstream, prepared
 * relational queries with placeholders (`.prepare(name)` plus `sql.placeholder`) would replace it once
 * plugin-drizzle can hand its planned configs over as such.
 */
export function interceptRelationalPrepare(db: Database, hook: PrepareHook): void {
  const intercept = (query: RelationalQuery, table: string, call: 'many' | 'first', config: unknown): RelationalQuery => {
    const build = query._prepare.bind(query);
    query._prepare = (name, generateName) =>
      name !== undefined || generateName ? build(name, generateName) : hook(table, call, config, () => build());
    return query;
  };
  const builders = db.query as unknown as Record<string, QueryBuilder>;
  for (const table of Object.keys(builders)) {
    const builder = builders[table]!;
    const findMany = builder.findMany.bind(builder);
    const findFirst = builder.findFirst.bind(builder);
    builder.findMany = (config) => intercept(findMany(config), table, 'many', config);
    builder.findFirst = (config) => intercept(findFirst(config), table, 'first', config);
  }
}

/** What pg keeps private about a connected client and the socket of a new one. */
interface ClientInternals {
  _getActiveQuery(): unknown;
  processID: number;
  secretKey: number;
  connectionParameters: pg.ClientConfig;
}
interface CancelSocket {
  on(event: 'connect' | 'error', listener: () => void): void;
  connect(portOrPath: number | string, host?: string): void;
  cancel(processID: number, secretKey: number): void;
}

/**
 * Asks PostgreSQL to stop the statement `client` is running now, if any.
 * Reads pg's private `_getActiveQuery()` and sends the cancel request over a new client's private
 * `connection`: what pg's own undocumented `Client#cancel` does, without its read of the deprecated
 * `activeQuery` (a warning on every process). Upstream, an AbortSignal option on `client.query`
 * (asked of node-postgres for years) would replace it.
 */
export function cancelRunningStatement(client: pg.Client): void {
  const self = client as unknown as ClientInternals;
  if (!self._getActiveQuery()) return;
  const canceller = new pg.Client(self.connectionParameters) as unknown as { connection: CancelSocket; host: string; port: number };
  // A cancel request travels over a connection of its own, which PostgreSQL closes once read.
  const socket = canceller.connection;
  socket.on('error', () => {});
  socket.on('connect', () => socket.cancel(self.processID, self.secretKey));
  if (canceller.host.startsWith('/')) socket.connect(`${canceller.host}/.s.PGSQL.${canceller.port}`);
  else socket.connect(canceller.port, canceller.host);
}
