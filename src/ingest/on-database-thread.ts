// A write sent whole to the embedded database's thread when the database runs on one
// (db/pglite-thread.ts); ingest/remote-writes.ts is what that thread runs for each name.
import type { Database } from '../db/connect.js';
import { taskRunnerOf } from '../db/thread-tasks.js';
import { ImportError } from '../domain/import-errors.js';

/** The writes that run whole on the database's thread. */
export type RemoteWrite = 'importReport' | 'deleteReport' | 'seed';

/**
 * The write's answer from the database's thread, or undefined when `db` has none (PostgreSQL, or
 * PGlite on this thread): then the caller writes here. An import error comes back as one.
 */
export function onDatabaseThread<T>(db: Database, name: RemoteWrite, input: unknown): Promise<T> | undefined {
  const run = taskRunnerOf(db);
  if (!run) return undefined;
  return run(name, input).then(
    (value) => value as T,
    (error: unknown) => {
      // Only its data crossed the threads: the class the GraphQL error union matches on is given back.
      if (error instanceof Error && error.name === 'ImportError') Object.setPrototypeOf(error, ImportError.prototype);
      throw error;
    },
  );
}
