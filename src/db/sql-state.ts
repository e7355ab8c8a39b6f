// PostgreSQL's SQLSTATE of an error, wherever drizzle or graphql wrapped it (`cause`, `originalError`),
// and what kind of failure it names: a conflict, an outage, a timeout, a full disk.
import { anyInChain, errorChain } from './error-chain.js';

export function sqlStateOf(error: unknown): string | undefined {
  for (const { code } of errorChain(error)) if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  return undefined;
}

/** Two writes to the same rows crossed: a unique key taken meanwhile, a serialization failure or a deadlock. */
export function isWriteConflict(error: unknown): boolean {
  return ['23505', '40001', '40P01'].includes(sqlStateOf(error) ?? '');
}

const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

/** Whether an error, or one it wraps, says the database cannot be reached. */
export function isDatabaseOutage(error: unknown): boolean {
  return anyInChain(
    error,
    ({ code, message }) =>
      (typeof code === 'string' && OUTAGE_CODES.has(code)) ||
      /Connection terminated|connect ECONNREFUSED|the database system is (shutting down|starting up)/.test(String(message ?? '')),
  );
}

/**
 * Whether the database gave up on a statement (statement_timeout, 57014), no connection came free
 * in time (the pool's wait), or the server had no connection to give (too many clients, 53300).
 */
export function isDatabaseTimeout(error: unknown): boolean {
  return anyInChain(
    error,
    ({ code, message }) =>
      code === '57014' ||
      code === '53300' ||
      /timeout exceeded when trying to connect|too many clients already|remaining connection slots are reserved/.test(
        String(message ?? ''),
      ),
  );
}

/**
 * Whether the database ran out of space: PostgreSQL's disk_full (53100, also what embedded PGlite
 * reports when its folder's disk fills), or the file system's ENOSPC.
 */
export function isStorageFull(error: unknown): boolean {
  return anyInChain(
    error,
    ({ code, message }) => code === '53100' || code === 'ENOSPC' || /No space left on device/.test(String(message ?? '')),
  );
}
