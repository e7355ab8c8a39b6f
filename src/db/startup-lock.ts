// Migrations and the first seed under one PostgreSQL advisory lock, so any number of instances can
// start together on one fresh database: the first migrates and seeds, the others wait, then find
// the work done. The lock lives on a connection of its own (session-level), outside the pool the
// work uses. PGlite belongs to one process, so it needs none.
import pg from 'pg';
import { ADVISORY_LOCKS } from './advisory-locks.js';
import type { DatabaseHandle } from './connect.js';

export async function withStartupLock<T>(handle: DatabaseHandle, work: () => Promise<T>): Promise<T> {
  if (handle.target.kind !== 'postgres') return work();
  const client = new pg.Client({ connectionString: handle.target.url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1, 0)', [ADVISORY_LOCKS.startup]);
    return await work();
  } finally {
    // Ending the session releases the lock even if the unlock itself fails.
    await client.query('select pg_advisory_unlock($1, 0)', [ADVISORY_LOCKS.startup]).catch(() => undefined);
    await client.end();
  }
}
