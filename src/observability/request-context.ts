// Per-request facts gathered while a request is handled (its id, the SQL statements it sent),
// carried through async code with AsyncLocalStorage rather than passed around by hand.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'drizzle-orm/logger';

export interface RequestFacts {
  requestId: string;
  statements: number;
}

export const requestContext = new AsyncLocalStorage<RequestFacts>();

/** A caller's X-Request-Id when it looks like one, otherwise a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,100}$/.test(value) ? value : randomUUID();
}

/** drizzle logger that counts each statement against the request that sent it. */
export class RequestStatementCounter implements Logger {
  total = 0;

  logQuery(_sql: string, _params: unknown[]): void {
    this.total++;
    const facts = requestContext.getStore();
    if (facts) facts.statements++;
  }
}
