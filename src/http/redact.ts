// What of an error may be logged: its kind, code and message, with SQL parameters cut out (drizzle
// puts them in the message of a failed query: search text, whole imported pages) and cut short.
// Logs never hold variables, parameters or page text.
import { errorChain } from '../db/error-chain.js';

const MAX_LOGGED_CHARS = 2000;

/** The text with drizzle's `params: …` part replaced and the rest cut to a bounded length. */
export function redactSql(text: string): string {
  const redacted = text.replace(/\nparams: [\s\S]*?(?=\n\s*at |\n[A-Z][a-zA-Z]*Error|$)/g, '\nparams: [redacted]');
  return redacted.length > MAX_LOGGED_CHARS ? `${redacted.slice(0, MAX_LOGGED_CHARS)}… [cut]` : redacted;
}

/**
 * An error as a log field: never the raw object (pino would serialise its message and every
 * property). The message carries the errors it wraps (drizzle's query error wraps the driver's,
 * which says why), and the code is the first the chain has (a SQLSTATE, ECONNREFUSED).
 */
export function loggableError(error: unknown): { type: string; code?: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: redactSql(String(error)) };
  const chain = [...errorChain(error)];
  const code = chain.map((link) => link.code).find((value): value is string => typeof value === 'string');
  const causes = chain
    .slice(1)
    .map((link) => `\ncause: ${String(link.message)}${typeof link.code === 'string' ? ` (${link.code})` : ''}`)
    .join('');
  return {
    type: error.name,
    ...(code ? { code } : {}),
    message: redactSql(error.message + causes),
    ...(error.stack ? { stack: redactSql(error.stack.slice(error.stack.indexOf('\n    at '))) } : {}),
  };
}
