// The messages between the server's thread and the thread that runs embedded PGlite
// (db/pglite-thread.ts asks, db/pglite-host.ts answers), and how errors cross between them.

/** What the server's thread asks. `id` pairs each request with its reply. */
export type ThreadRequest =
  | { id: number; op: 'query'; tx?: number; sql: string; params: unknown[]; rowMode: 'array' | 'object'; rawTypes: number[] }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'listen'; channel: string }
  | { id: number; op: 'unlisten'; channel: string }
  | { id: number; op: 'task'; name: string; input: unknown }
  | { id: number; op: 'close' };

/** A statement a task sent, as a drizzle logger saw it, so the server's logger can count it too. */
export interface ThreadStatement {
  sql: string;
  params: unknown[];
}

/** What a task answers: its value, the statements it sent, the data version once it had committed, and when that was. */
export interface TaskOutcome {
  value: unknown;
  statements: ThreadStatement[];
  version: number;
  /** When the write had committed, in milliseconds since the epoch (threads keep clocks of their own: performance.timeOrigin differs). */
  committedAt: number;
}

/** What the PGlite thread sends back: a reply to a request (a task's with the rest of its outcome), or a notification. */
export type ThreadMessage =
  | ({ id: number; value: unknown } & Partial<Omit<TaskOutcome, 'value'>>)
  | { id: number; error: SerializedError }
  | { op: 'notify'; channel: string; payload: string; attachment?: unknown }
  | { op: 'ready' }
  | { op: 'failed'; error: SerializedError };

/** An error as plain data: its message, its own scalar fields (a SQLSTATE `code`, an import error's `line`) and its cause. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, string | number | boolean | null>;
  cause?: SerializedError;
}

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: SerializedError['fields'] = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value as string | number | boolean | null;
  }
  const cause = error.cause !== undefined && depth < 4 ? serializeError(error.cause, depth + 1) : undefined;
  return { name: error.name, message: error.message, stack: error.stack, fields, ...(cause ? { cause } : {}) };
}

/** An Error again, with the same message, fields and cause (its class is the caller's to restore; see ingest/remote-writes.ts). */
export function reviveError(serialized: SerializedError): Error {
  const error = new Error(serialized.message, serialized.cause ? { cause: reviveError(serialized.cause) } : undefined);
  Object.assign(error, serialized.fields);
  Object.defineProperty(error, 'name', { value: serialized.name, enumerable: false, configurable: true, writable: true });
  if (serialized.stack) error.stack = `${serialized.stack}\n    (in the PGlite thread)`;
  return error;
}
