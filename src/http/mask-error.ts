// What clients see of an unexpected error: a database outage becomes a clear, retryable 503;
// anything else stays masked as "Unexpected error." (its details go to the log, never to clients).
import { createGraphQLError, maskError as yogaMaskError } from 'graphql-yoga';
import { ERROR_CODES } from '../domain/error-codes.js';
import { DeadlinePassed } from '../db/request-context.js';
import { anyInChain } from '../db/error-chain.js';

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

/** Whether the database gave up on a statement (statement_timeout) or no connection came free in time. */
export function isDatabaseTimeout(error: unknown): boolean {
  return anyInChain(
    error,
    ({ code, message }) => code === '57014' || /timeout exceeded when trying to connect/.test(String(message ?? '')),
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

/** Whether a statement was refused because its request had passed its deadline. */
const isPastDeadline = (error: unknown) => anyInChain(error, (link) => link instanceof DeadlinePassed);

export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  if (isPastDeadline(error)) {
    return createGraphQLError(
      'the request ran past its deadline and was stopped (EXECUTION_TIMEOUT_MS); ask for less, or retry if the server is busy',
      {
        extensions: { code: ERROR_CODES.EXECUTION_TIMEOUT, http: { status: 503, headers: { 'retry-after': '5' } } },
      },
    );
  }
  if (isStorageFull(error)) {
    // A write is one transaction: the failure rolled it back, so retrying later is safe.
    return createGraphQLError('the database has no space left to write; nothing of this request was kept; retry later', {
      extensions: { code: ERROR_CODES.STORAGE_FULL, http: { status: 503, headers: { 'retry-after': '60' } } },
    });
  }
  if (isDatabaseTimeout(error)) {
    return createGraphQLError('the database is too busy to answer in time; retry shortly', {
      extensions: { code: ERROR_CODES.DATABASE_BUSY, http: { status: 503, headers: { 'retry-after': '2' } } },
    });
  }
  if (isDatabaseOutage(error)) {
    return createGraphQLError('the database is unavailable; retry shortly', {
      extensions: { code: ERROR_CODES.DATABASE_UNAVAILABLE, http: { status: 503, headers: { 'retry-after': '5' } } },
    });
  }
  return yogaMaskError(error, message, isDev);
}
