// Embedded PGlite on a thread of its own. PGlite is PostgreSQL compiled to WebAssembly: run on the
// server's thread, every statement of a write (an import is ~30 ms of it) holds up every read served
// from memory meanwhile. Here the server's thread keeps only the messages: statements, transactions
// and LISTEN go to the PGlite thread (db/pglite-host.ts) one by one, and a whole write can go as one
// task, so it costs the server's thread one message, not one turn of a busy event loop per statement.
import { Worker } from 'node:worker_threads';
import type { PGlite, PGliteOptions, Results } from '@electric-sql/pglite';
import type { ThreadEntry } from './thread-entry.js';
import { reviveError, type TaskOutcome, type ThreadMessage, type ThreadRequest } from './pglite-thread-protocol.js';

/** What the thread's entry module is given. */
export interface PgliteThreadData {
  dataDir: string | undefined;
  options: PGliteOptions;
}

type QueryOptions = { rowMode?: 'array' | 'object'; parsers?: Record<number, unknown> };

type Request = ThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** SQLSTATE admin_shutdown: the server answers it as a database outage (503), which it is. */
const STOPPED = '57P01';

/** The part of PGlite's interface drizzle and the change feed use, served by the PGlite thread. */
export class PgliteThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (message: ThreadMessage) => void; reject: (error: Error) => void }>();
  readonly #listeners = new Map<string, Set<(payload: string, attachment?: unknown) => void>>();
  #nextId = 1;
  #stopped: Error | null = null;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: ThreadMessage) => this.#receive(message));
    worker.on('error', (error: Error) => this.#stop(error));
    worker.on('exit', (code) => this.#stop(new Error(`exited with code ${code}`)));
    worker.unref();
  }

  /** Starts the thread and resolves once its PGlite is open. */
  static start(entry: ThreadEntry, data: PgliteThreadData): Promise<PgliteThread> {
    const worker = new Worker(entry.script, { workerData: data, execArgv: entry.execArgv });
    return new Promise((resolve, reject) => {
      const onMessage = (message: ThreadMessage) => {
        if (!('op' in message)) return;
        if (message.op === 'ready') resolve(new PgliteThread(worker));
        else if (message.op === 'failed') reject(reviveError(message.error));
        else return;
        worker.off('message', onMessage).off('error', reject);
      };
      worker.on('message', onMessage).once('error', reject);
    });
  }

  readonly waitReady = Promise.resolve();

  query<T>(sql: string, params: unknown[] = [], options: QueryOptions = {}, tx?: number): Promise<Results<T>> {
    const rawTypes = Object.keys(options.parsers ?? {}).map(Number);
    return this.#ask({
      op: 'query',
      sql,
      params,
      rowMode: options.rowMode ?? 'object',
      rawTypes,
      ...(tx === undefined ? {} : { tx }),
    }).then((message) => (message as { value: Results<T> }).value);
  }

  /** PGlite's transaction(): `callback`'s statements in one transaction, committed when it resolves, rolled back when it throws. */
  async transaction<T>(callback: (tx: Pick<PGlite, 'query'>) => Promise<T>): Promise<T> {
    const id = (await this.#ask({ op: 'begin' })) as { value: number };
    const tx = { query: (sql: string, params?: unknown[], options?: QueryOptions) => this.query(sql, params, options, id.value) };
    let result: T;
    try {
      result = await callback(tx as Pick<PGlite, 'query'>);
    } catch (error) {
      await this.#ask({ op: 'end', tx: id.value, commit: false }).catch(() => {});
      throw error;
    }
    await this.#ask({ op: 'end', tx: id.value, commit: true });
    return result;
  }

  /**
   * PGlite's listen(): calls `callback` with each notification's payload, and whatever the thread's
   * entry module attached to it, until the returned function is called.
   */
  async listen(channel: string, callback: (payload: string, attachment?: unknown) => void): Promise<() => Promise<void>> {
    let callbacks = this.#listeners.get(channel);
    if (!callbacks) {
      await this.#ask({ op: 'listen', channel });
      this.#listeners.set(channel, (callbacks = this.#listeners.get(channel) ?? new Set()));
    }
    callbacks.add(callback);
    return async () => {
      callbacks.delete(callback);
      if (callbacks.size > 0 || this.#listeners.get(channel) !== callbacks) return;
      this.#listeners.delete(channel);
      await this.#ask({ op: 'unlisten', channel });
    };
  }

  /** Runs a task the thread's entry module knows in one go there: its value, and the statements it sent. */
  async runTask(name: string, input: unknown): Promise<TaskOutcome> {
    const message = (await this.#ask({ op: 'task', name, input })) as Partial<TaskOutcome>;
    return {
      value: message.value,
      statements: message.statements ?? [],
      version: message.version ?? 0,
      committedAt: message.committedAt ?? Date.now(),
    };
  }

  async close(): Promise<void> {
    if (this.#stopped) return;
    await this.#ask({ op: 'close' }).catch(() => {});
    await this.#worker.terminate();
  }

  #ask(request: Request): Promise<ThreadMessage> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      // Keeps the process alive only while an answer is awaited (a CLI's last statement), never for an idle database.
      if (this.#pending.size === 1) this.#worker.ref();
      this.#worker.postMessage({ ...request, id });
    });
  }

  #receive(message: ThreadMessage): void {
    if ('op' in message) {
      if (message.op === 'notify') {
        for (const callback of this.#listeners.get(message.channel) ?? []) callback(message.payload, message.attachment);
      }
      return;
    }
    const waiting = this.#pending.get(message.id);
    if (!waiting) return;
    this.#pending.delete(message.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if ('error' in message) waiting.reject(reviveError(message.error));
    else waiting.resolve(message);
  }

  #stop(cause: Error): void {
    if (this.#stopped) return;
    this.#stopped = Object.assign(new Error(`the embedded database's thread stopped (${cause.message})`, { cause }), { code: STOPPED });
    for (const waiting of this.#pending.values()) waiting.reject(this.#stopped);
    this.#pending.clear();
    this.#worker.unref();
  }
}
