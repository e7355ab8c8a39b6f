// Writes that can run whole on the embedded database's thread (db/pglite-thread.ts): a database
// opened that way registers how to run them there; the write's own module (ingest/remote-writes.ts)
// asks, and runs locally when no runner is registered (PostgreSQL, the CLIs, the thread itself).

/** Runs the task named `name` with `input` where the database lives, answering its value. */
export type RunTask = (name: string, input: unknown) => Promise<unknown>;

const runners = new WeakMap<object, RunTask>();

export function registerTaskRunner(db: object, run: RunTask): void {
  runners.set(db, run);
}

export function taskRunnerOf(db: object): RunTask | undefined {
  return runners.get(db);
}
