// Opens the database named by DATABASE_URL: node-postgres for postgres:// URLs, embedded PGlite otherwise.
// Both give the same drizzle API, so nothing above this module knows which one it talks to.
import type { Logger } from 'drizzle-orm/logger';
import type { PgAsyncDatabase } from 'drizzle-orm/pg-core/async/db';
import type { PgQueryResultHKT } from 'drizzle-orm/pg-core/session';
import { reuseBuiltQueries } from './built-query-cache.js';
import type { ChangeFeed } from './change-feed.js';
import type { PGlite } from '@electric-sql/pglite';
import { openPglite } from './pglite.js';
import type { ThreadEntry } from './thread-entry.js';
import { registerTaskRunner } from './thread-tasks.js';
import { noteWrittenVersion } from './request-context.js';
import { migrationsFolder, type DatabaseTarget } from './target.js';
import { relations } from './relations.js';

export type Relations = typeof relations;
export type Database = PgAsyncDatabase<PgQueryResultHKT, Relations>;

export interface DatabaseHandle {
  db: Database;
  target: DatabaseTarget;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Committed writes, as the database's triggers announce them; one listening connection, opened on first use. */
  changes(): Promise<ChangeFeed>;
  /** Connections of the PostgreSQL pool, for metrics; absent for PGlite (one connection). */
  poolStats?: () => { total: number; idle: number; waiting: number };
}

export interface OpenOptions {
  /** Receives every SQL statement drizzle sends (see StatementLog). */
  logger?: Logger;
  /** Pool size for PostgreSQL; PGlite is single-connection. */
  poolSize?: number;
  /** PostgreSQL's statement_timeout on every connection (unset: none; the CLIs and tests). */
  statementTimeoutMs?: number;
  /** How long a query waits for a free pooled connection before failing (unset: forever). */
  poolWaitMs?: number;
  /** Runs embedded PGlite on a thread of its own, started from this entry module (unset: on this thread). */
  pgliteThread?: ThreadEntry;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<DatabaseHandle> {
  const config = { relations, logger: options.logger ?? false };
  if (target.kind === 'postgres') {
    const [{ drizzle }, pg, { PreparingClient }] = await Promise.all([
      import('drizzle-orm/node-postgres'),
      import('pg'),
      import('./prepared-client.js'),
    ]);
    const pool = new pg.default.Pool({
      connectionString: target.url,
      max: options.poolSize ?? 10,
      Client: PreparingClient,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      ...(options.poolWaitMs ? { connectionTimeoutMillis: options.poolWaitMs } : {}),
    });
    // An idle client losing its connection (server restart) must not take the process down.
    pool.on('error', (error) => console.error(`postgres pool: ${error.message}`));
    const db = drizzle({ client: pool, ...config }) as unknown as Database;
    reuseBuiltQueries(db);
    const changes = onceClosable(async () => {
      const { PostgresChangeFeed } = await import('./change-feed.js');
      return PostgresChangeFeed.open(
        () =>
          new pg.default.Client({
            connectionString: target.url,
            keepAlive: true,
            keepAliveInitialDelayMillis: 10_000,
            connectionTimeoutMillis: 5_000,
          }),
      );
    });
    return {
      db,
      target,
      ping: async () => void (await pool.query('select 1')),
      close: () => changes.close().then(() => pool.end()),
      changes: changes.open,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }
  const [{ drizzle }, { client, thread, close }] = await Promise.all([
    import('drizzle-orm/pglite'),
    openPglite(target.dataDir, options.pgliteThread),
  ]);
  const db = drizzle({ client: client as PGlite, ...config }) as unknown as Database;
  reuseBuiltQueries(db);
  if (thread) {
    registerTaskRunner(db, async (name, input) => {
      const { value, statements, version, committedAt } = await thread.runTask(name, input);
      noteWrittenVersion(version, committedAt - performance.timeOrigin);
      // Counted as sent from here (a request's statements, a test's capture).
      for (const statement of statements) {
        try {
          options.logger?.logQuery(statement.sql, statement.params);
        } catch {
          // They have run: a deadline passed meanwhile refuses what the request would start next, not what is done.
        }
      }
      return value;
    });
  }
  const changes = onceClosable(async () => {
    const { PgliteChangeFeed } = await import('./change-feed.js');
    return PgliteChangeFeed.open(client);
  });
  return {
    db,
    target,
    ping: async () => void (await client.query('select 1')),
    close: () => changes.close().then(close),
    changes: changes.open,
  };
}

/** The feed opened on first use and shared after; closing closes it if it was ever opened. */
function onceClosable(open: () => Promise<ChangeFeed>): { open: () => Promise<ChangeFeed>; close: () => Promise<void> } {
  let feed: Promise<ChangeFeed> | null = null;
  return {
    // A failed open is not kept: the next caller tries again (the database may be back).
    open: () =>
      (feed ??= open().catch((error: unknown) => {
        feed = null;
        throw error;
      })),
    close: async () => {
      const opened = feed;
      feed = null;
      if (opened) await opened.then((f) => f.close()).catch(() => {});
    },
  };
}

/** Applies the drizzle-kit migrations in drizzle/ that this database has not seen yet. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.target.kind === 'postgres') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(handle.db as never, { migrationsFolder });
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, { migrationsFolder });
  }
}

/** The handle drizzle passes to a transaction callback; loaders write through it. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
