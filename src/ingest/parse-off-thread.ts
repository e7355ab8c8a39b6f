// Parses an imported page on a thread of its own (src/parse-worker.ts), so that no page, however it
// is written, holds up the server's event loop. The thread has PARSE_BUDGET's time for each page and
// its memory for its heap, and is stopped when a page spends either: the page is refused with
// INPUT_TOO_COMPLEX and the next page gets a new thread. Pages are parsed one at a time.
import { Worker } from 'node:worker_threads';
import { threadEntry } from '../db/thread-entry.js';
import { ImportError, type ImportErrorCode } from '../domain/import-errors.js';
import { PARSE_BUDGET } from '../domain/limits.js';
import type { ParsedPage, ReportInput } from './parse-page.js';

export interface ParserRequest {
  id: number;
  input: ReportInput;
}

/** The thread's answer to one page: parsed, refused with an import error, or failed (our bug). */
export type ParserAnswer = { id: number } & (
  { page: ParsedPage } | { refused: { code: ImportErrorCode; detail: string; line?: number; element?: string } } | { failed: string }
);

export interface ParseBudget {
  timeMs: number;
  memoryMb: number;
  /** How long a page may wait for its turn. */
  waitMs: number;
  /** Pages that may wait at once. */
  waiting: number;
}

/** Refused before parsing: the parser is busy with other pages, for longer than a page may wait. */
export class ParserBusy extends Error {
  override readonly name = 'ParserBusy';
}

/** A thread that loads in longer than this is broken, not busy: no page is sent to it. */
const START_TIMEOUT_MS = 30_000;

/** One parser thread, started with a heap of `memoryMb`; `answer` routes each reply to its page. */
class ParserThread {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  /** False once the thread has stopped, for whatever reason: the next page gets a new one. */
  alive = true;
  #answer: ((message: ParserAnswer) => void) | null = null;
  #stopped: ((error: Error) => void) | null = null;

  constructor(readonly memoryMb: number) {
    const entry = threadEntry('parse-worker');
    this.worker = new Worker(entry.script, { execArgv: entry.execArgv, resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the parser thread did not start in ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      this.worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      this.#stopped = (error) => {
        clearTimeout(timer);
        reject(error);
      };
    });
    this.worker.on('message', (message: ParserAnswer | { ready: true }) => {
      if ('id' in message) this.#answer?.(message);
    });
    this.worker.on('error', (error: Error) => {
      this.alive = false;
      this.#stopped?.(error);
    });
    this.worker.on('exit', (code) => {
      this.alive = false;
      this.#stopped?.(new Error(`the parser thread exited with code ${code}`));
    });
    // Idle, it keeps no process alive (a CLI exits when done); a page's timer does while it parses.
    // (After the listeners: adding one refs the thread again.)
    this.worker.unref();
  }

  /** Sends one page; resolves with the answer, rejects when the thread stops first. */
  ask(request: ParserRequest): Promise<ParserAnswer> {
    return new Promise((resolve, reject) => {
      this.#answer = (message) => {
        if (message.id === request.id) resolve(message);
      };
      this.#stopped = reject;
      this.worker.postMessage(request);
    });
  }
}

let thread: ParserThread | null = null;
let nextId = 1;
/** The page being parsed, or the last one: the next waits for it. */
let queue: Promise<unknown> = Promise.resolve();
/** Pages sent and not yet answered, the one being parsed included. */
let pending = 0;

/**
 * How long the thread outlives its last page: a burst of imports shares one thread, and an idle
 * one gives back its heap (after hostile pages, up to PARSE_BUDGET.memoryMb).
 */
const IDLE_MS = 30_000;
let idleTimer: NodeJS.Timeout | undefined;

function stopWhenIdle(): void {
  clearTimeout(idleTimer);
  if (pending > 0) return;
  idleTimer = setTimeout(() => {
    if (pending > 0 || !thread) return;
    void thread.worker.terminate();
    thread = null;
  }, IDLE_MS).unref();
}

const refusal = (detail: string) => new ImportError('INPUT_TOO_COMPLEX', detail);

async function parseOnThread(input: ReportInput, budget: ParseBudget): Promise<ParsedPage> {
  if (thread && (!thread.alive || thread.memoryMb !== budget.memoryMb)) {
    void thread.worker.terminate();
    thread = null;
  }
  const current = (thread ??= new ParserThread(budget.memoryMb));
  try {
    await current.ready;
  } catch (error) {
    thread = null;
    throw error;
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), budget.timeMs);
  });
  try {
    const answer = await Promise.race([current.ask({ id: nextId++, input }), timedOut]);
    if (answer === 'timeout') {
      thread = null;
      await current.worker.terminate();
      throw refusal(
        `parsing the page took more than ${budget.timeMs} ms, the time an import is given; a report page takes a fraction of it`,
      );
    }
    if ('page' in answer) return answer.page;
    if ('refused' in answer) {
      const { code, detail, line, element } = answer.refused;
      throw new ImportError(code, detail, line, element);
    }
    throw new Error(`the parser thread failed: ${answer.failed}`);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    // The thread stopped: out of memory is the page's doing, anything else is ours.
    thread = null;
    if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      throw refusal(
        `parsing the page needed more than ${budget.memoryMb} MB, the memory an import is given; a report page needs a fraction of it`,
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Checks and parses a page on the parser's thread, within the budget; refusals are ImportErrors. */
export function parsePageOffThread(input: ReportInput, budget: ParseBudget = PARSE_BUDGET): Promise<ParsedPage> {
  if (pending > budget.waiting) {
    return Promise.reject(new ParserBusy(`${pending} imported pages are waiting for the parser already; send this one again shortly`));
  }
  pending += 1;
  clearTimeout(idleTimer);
  // A page that has waited its time is refused, and skipped when its turn comes: the pages keep their order.
  let state: 'waiting' | 'parsing' | 'gave up' = 'waiting';
  const parsed = queue
    .then(() => {
      if (state === 'gave up') return null;
      state = 'parsing';
      return parseOnThread(input, budget);
    })
    .finally(() => {
      pending -= 1;
      stopWhenIdle();
    });
  queue = parsed.catch(() => undefined);
  return new Promise<ParsedPage>((resolve, reject) => {
    const waited = setTimeout(() => {
      if (state !== 'waiting') return;
      state = 'gave up';
      reject(new ParserBusy(`other imported pages kept the parser busy for ${budget.waitMs} ms; send this one again shortly`));
    }, budget.waitMs);
    parsed.then((page) => page && resolve(page), reject).finally(() => clearTimeout(waited));
  });
}
