// Start-up against a database that refuses connections for now (starting up, 57P03; every
// connection taken, 53300; not listening yet): try again with a growing pause, one log line per
// attempt, for at most `budgetMs`, then give up with the last error. Anything else (a wrong
// password, no such database) is no reason to wait and fails at once.
import { isDatabaseOutage, isDatabaseTimeout, sqlStateOf } from '../db/sql-state.js';

export interface WaitOptions {
  /** How long to keep trying, from the first attempt; 0 tries once. */
  budgetMs: number;
  /** Told of each failed attempt that will be retried. */
  onRetry: (attempt: number, error: unknown, pauseMs: number) => void;
  /** The first pause, doubled each time up to `maxPauseMs`. */
  firstPauseMs?: number;
  maxPauseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Whether an error says the database may take connections a little later. */
export const isWorthWaitingFor = (error: unknown) => isDatabaseOutage(error) || isDatabaseTimeout(error);

/** A short reason for a log line: the SQLSTATE or errno, and the message. */
export function reasonOf(error: unknown): string {
  const code = sqlStateOf(error) ?? (error as { code?: unknown }).code;
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}

export async function waitForDatabase<T>(
  work: () => Promise<T>,
  {
    budgetMs,
    onRetry,
    firstPauseMs = 500,
    maxPauseMs = 10_000,
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now = () => performance.now(),
  }: WaitOptions,
): Promise<T> {
  const started = now();
  for (let attempt = 1, pause = firstPauseMs; ; attempt++, pause = Math.min(pause * 2, maxPauseMs)) {
    try {
      return await work();
    } catch (error) {
      const left = budgetMs - (now() - started);
      if (!isWorthWaitingFor(error) || left <= 0) throw error;
      const pauseMs = Math.min(pause, left);
      onRetry(attempt, error, pauseMs);
      await sleep(pauseMs);
    }
  }
}
