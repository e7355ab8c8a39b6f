// Per-request facts gathered while a request is handled (its id, the SQL statements it sent),
// carried through async code with AsyncLocalStorage rather than passed around by hand.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'drizzle-orm/logger';

export interface RequestFacts {
  requestId: string;
  statements: number;
  /** The request's execution deadline, once the server has set one (see http/deadline.ts). */
  deadline?: { signal: AbortSignal; at: number };
  /** A data version the request's own write committed at or before, when the write said (db/pglite-thread.ts). */
  writtenVersion?: number;
  /** When that write committed (performance.now() of this thread). */
  committedAt?: number;
}

/** Thrown for a statement a request would start after its deadline. */
export class DeadlinePassed extends Error {
  override readonly name = 'DeadlinePassed';
}

export const requestContext = new AsyncLocalStorage<RequestFacts>();

/** A caller's X-Request-Id when it looks like one, otherwise a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,100}$/.test(value) ? value : randomUUID();
}

/**
 * drizzle logger that counts each statement against the request that sent it, and refuses one that
 * would start after the request's deadline. drizzle calls it just before sending each statement, on
 * both drivers: on PGlite, which cannot cancel a statement once it runs, it is what keeps a request
 * from running on past its deadline. (A write run whole on PGlite's thread reports its statements
 * afterwards: they are counted, never refused, as they have run.)
 */
export class RequestStatementCounter implements Logger {
  total = 0;

  logQuery(sql: string, _params: unknown[]): void {
    this.total++;
    const facts = requestContext.getStore();
    if (!facts) return;
    facts.statements++;
    // A rollback always goes out: refusing it would keep the transaction, and its pooled connection, open.
    if (facts.deadline && !/^rollback/i.test(sql) && (facts.deadline.signal.aborted || performance.now() > facts.deadline.at)) {
      throw new DeadlinePassed('the request passed its execution deadline');
    }
  }
}

/**
 * Records that the current request's write committed at `committedAt` (performance.now()) and is
 * held by data version `version`, so reading its own write need not ask the database which.
 */
export function noteWrittenVersion(version: number, committedAt: number): void {
  const facts = requestContext.getStore();
  if (facts && version > (facts.writtenVersion ?? 0)) Object.assign(facts, { writtenVersion: version, committedAt });
}

/**
 * Runs `work` as no request's: its statements count against no request and no request's deadline
 * cuts them short. For work a request starts but others share (the read model's load).
 */
export const detachedFromRequests = <T>(work: () => T): T => requestContext.exit(work);
