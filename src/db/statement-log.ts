// Records the SQL statements drizzle sends, so tests and benchmarks can count round trips per operation.
import { AsyncLocalStorage } from 'node:async_hooks';
import { RequestStatementCounter } from './request-context.js';

export interface LoggedStatement {
  sql: string;
  params: unknown[];
}

/** Keeps every statement (tests, benchmarks); also counts each against its request, as in production. */
export class StatementLog extends RequestStatementCounter {
  readonly statements: LoggedStatement[] = [];
  // The captures a statement is sent inside: timers and listeners set up elsewhere (the read model's
  // poll, the change feed) run in their own async context, so their statements are nobody's capture.
  readonly #captures = new AsyncLocalStorage<LoggedStatement[][]>();

  override logQuery(sql: string, params: unknown[]): void {
    super.logQuery(sql, params);
    const statement = { sql, params };
    this.statements.push(statement);
    for (const capture of this.#captures.getStore() ?? []) capture.push(statement);
  }

  /** Runs `work` and returns its result with the statements it sent itself (whatever else runs meanwhile). */
  async capture<T>(work: () => Promise<T>): Promise<{ result: T; statements: LoggedStatement[] }> {
    const own: LoggedStatement[] = [];
    const result = await this.#captures.run([...(this.#captures.getStore() ?? []), own], work);
    return { result, statements: [...own] };
  }

  /** Runs `work` and returns its result with every statement logged meanwhile, by anyone. */
  async captureAll<T>(work: () => Promise<T>): Promise<{ result: T; statements: LoggedStatement[] }> {
    const start = this.statements.length;
    const result = await work();
    return { result, statements: this.statements.slice(start) };
  }

  clear(): void {
    this.statements.length = 0;
  }
}
