// What the embedded database's thread (src/pglite-worker.ts) runs for each write sent to it
// whole (ingest/on-database-thread.ts): the same functions the server's thread runs otherwise.
import type { Database } from '../db/connect.js';
import { deleteReportHere } from './delete-report.js';
import { importPageHere } from './import-report.js';
import { seedHere } from './seed.js';
import type { RemoteWrite } from './on-database-thread.js';

export const REMOTE_WRITES: Record<RemoteWrite, (db: Database, input: never) => Promise<unknown>> = {
  importReport: importPageHere,
  deleteReport: deleteReportHere,
  seed: seedHere,
};
