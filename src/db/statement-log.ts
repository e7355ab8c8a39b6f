// Records the SQL statements drizzle sends, so tests and benchmarks can count round trips per operation.
import { RequestStatementCounter } from './request-context.js';

export interface LoggedStatement {
  sql: string;
  params: unknown[];
}

/** Keeps every statement (tests, benchmarks); also counts each against its request, as in production. */
export class StatementLog extends RequestStatementCounter {
  readonly statements: LoggedStatement[] = [];

  override logQuery(sql: string, params: unknown[]): void {
    super.logQuery(sql, params);
    this.statements.push({ sql, params });
  }

  /** Runs `work` and returns its result with the statements it issued. */
  async capture<T>(work: () => Promise<T>): Promise<{ result: T; statements: LoggedStatement[] }> {
    const start = this.statements.length;
    const result = await work();
    return { result, statements: this.statements.slice(start) };
  }

  clear(): void {
    this.statements.length = 0;
  }
}
