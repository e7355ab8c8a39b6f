// What start-up does to a database: open it, apply pending migrations, and load the fixtures when
// it is empty or was seeded from other fixtures (a restart on the same fixtures loads nothing).
import { needsSeed, seedDatabase, type SeedSummary } from '../ingest/seed.js';
import { withStartupLock } from '../db/startup-lock.js';
import { migrateDatabase, openDatabase, type DatabaseHandle, type OpenOptions } from '../db/connect.js';
import type { DatabaseTarget } from '../db/target.js';
import { threadEntry } from '../db/thread-entry.js';

export interface PreparedDatabase {
  database: DatabaseHandle;
  /** What was loaded, or null when the database already held these fixtures. */
  seeded: SeedSummary | null;
}

export async function prepareDatabase(
  target: DatabaseTarget,
  { seedWhenNeeded = true, ...options }: OpenOptions & { seedWhenNeeded?: boolean } = {},
): Promise<PreparedDatabase> {
  // Embedded, PGlite runs on a thread of its own unless the caller says otherwise: its writes then never hold up reads.
  const database = await openDatabase(target, { pgliteThread: threadEntry('pglite-worker'), ...options });
  try {
    const seeded = await withStartupLock(database, async () => {
      await migrateDatabase(database);
      return seedWhenNeeded && (await needsSeed(database.db)) ? await seedDatabase(database.db) : null;
    });
    return { database, seeded };
  } catch (error) {
    await database.close();
    throw error;
  }
}
