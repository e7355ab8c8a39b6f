// Records the SQL statements drizzle sends, so tests and benchmarks can count round trips per operation.
import type { Logger } from 'drizzle-orm/logger';

export interface LoggedStatement {
  sql: string;
  params: unknown[];
}

export class StatementLog implements Logger {
  readonly statements: LoggedStatement[] = [];

  logQuery(sql: string, params: unknown[]): void {
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
