// The entry module of embedded PGlite's thread (db/pglite-thread.ts starts it; startup/prepare.ts
// names it, src/start.ts bundles it beside the server): opens PGlite in the folder it is given and
// answers the server's thread (db/pglite-host.ts). Here, away from the server's event loop, it runs
// the writes of ingest/remote-writes.ts whole, and reads each commit's snapshot refresh at once, sent
// with the commit's notification, so that the server's thread applies it without asking.
import { AsyncLocalStorage } from 'node:async_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { CHANGE_CHANNEL } from './db/change-feed.js';
import type { Database } from './db/connect.js';
import { hostPglite } from './db/pglite-host.js';
import type { PgliteThreadData } from './db/pglite-thread.js';
import { serializeError, type ThreadStatement } from './db/pglite-thread-protocol.js';
import { relations } from './db/relations.js';
import { reuseBuiltQueries } from './db/built-query-cache.js';
import { REMOTE_WRITES } from './ingest/remote-writes.js';
import { prefetchRefresh } from './queries/snapshot-tables.js';

const port = parentPort!;
const { dataDir, options } = workerData as PgliteThreadData;
try {
  const pglite = new PGlite(dataDir, options);
  await pglite.waitReady;
  // Each task's statements, kept apart when two run at once, go back with its answer.
  const statementsOf = new AsyncLocalStorage<ThreadStatement[]>();
  const logger = { logQuery: (sql: string, params: unknown[]) => statementsOf.getStore()?.push({ sql, params }) };
  const db = drizzle({ client: pglite, relations, logger }) as unknown as Database;
  reuseBuiltQueries(db);

  // The version of the previous notification: each commit's refresh is read since it (the first is not read ahead).
  let lastHeard: number | null = null;
  const readAhead = async (channel: string, payload: string) => {
    const version = Number(payload);
    if (channel !== CHANGE_CHANNEL || !Number.isSafeInteger(version)) return undefined;
    const since = lastHeard;
    lastHeard = Math.max(lastHeard ?? 0, version);
    // A commit's notification arrives inside the task that committed: its read is not that task's statement.
    return since === null ? undefined : statementsOf.exit(() => prefetchRefresh(db, since));
  };

  hostPglite(
    port,
    pglite,
    async (name, input) => {
      const write = REMOTE_WRITES[name as keyof typeof REMOTE_WRITES];
      if (!write) throw new Error(`no task named ${name}`);
      const statements: ThreadStatement[] = [];
      const value = await statementsOf.run(statements, () => write(db, input as never));
      const committedAt = performance.timeOrigin + performance.now();
      // The version the write made, or a newer one: what its request waits for before answering, asked here rather than in one more round trip.
      const version = Number((await pglite.query<{ v: string }>('select peel_data_version()::text as v')).rows[0]!.v);
      return { value, statements, version, committedAt };
    },
    readAhead,
  );
  port.postMessage({ op: 'ready' });
} catch (error) {
  port.postMessage({ op: 'failed', error: serializeError(error) });
}
