// What clients see of an unexpected error: a database outage becomes a clear, retryable 503;
// anything else stays masked as "Unexpected error." (its details go to the log, never to clients).
import { createGraphQLError, maskError as yogaMaskError } from 'graphql-yoga';
import { ERROR_CODES } from '../domain/error-codes.js';
import { DeadlinePassed } from '../db/request-context.js';
import { anyInChain, errorChain } from '../db/error-chain.js';
import { isDatabaseOutage, isDatabaseTimeout, isStorageFull } from '../db/sql-state.js';
import { ParserBusy } from '../ingest/parse-off-thread.js';

/** What a client is told when the database refuses or fails a request: always 503, with when to retry. */
export interface DatabaseRefusal {
  code: typeof ERROR_CODES.STORAGE_FULL | typeof ERROR_CODES.DATABASE_BUSY | typeof ERROR_CODES.DATABASE_UNAVAILABLE;
  message: string;
  retryAfterSeconds: number;
}

/** The refusal a database failure earns, or undefined when the error is not the database's doing. */
export function databaseRefusal(error: unknown): DatabaseRefusal | undefined {
  // A write is one transaction: the failure rolled it back, so retrying later is safe.
  if (isStorageFull(error)) {
    return {
      code: ERROR_CODES.STORAGE_FULL,
      message: 'the database has no space left to write; nothing of this request was kept; retry later',
      retryAfterSeconds: 60,
    };
  }
  if (isDatabaseTimeout(error)) {
    return { code: ERROR_CODES.DATABASE_BUSY, message: 'the database is too busy to answer in time; retry shortly', retryAfterSeconds: 2 };
  }
  if (isDatabaseOutage(error)) {
    return { code: ERROR_CODES.DATABASE_UNAVAILABLE, message: 'the database is unavailable; retry shortly', retryAfterSeconds: 5 };
  }
  return undefined;
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
  const busy = [...errorChain(error)].find((link) => link instanceof ParserBusy);
  if (busy) {
    return createGraphQLError(String(busy.message), {
      extensions: { code: ERROR_CODES.IMPORTS_BUSY, http: { status: 503, headers: { 'retry-after': '2' } } },
    });
  }
  const refusal = databaseRefusal(error);
  if (refusal) {
    return createGraphQLError(refusal.message, {
      extensions: { code: refusal.code, http: { status: 503, headers: { 'retry-after': String(refusal.retryAfterSeconds) } } },
    });
  }
  return yogaMaskError(error, message, isDev);
}
