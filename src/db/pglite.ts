// Opening embedded PGlite with a footprint that suits this small data set.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { projectRoot } from './target.js';
import type { PgliteThread } from './pglite-thread.js';
import type { ThreadEntry } from './thread-entry.js';

/**
 * PGlite's own start parameters (its defaults in 0.5), plus smaller buffers: the whole database is a
 * few MB, and PostgreSQL's default 128 MB of shared buffers sits in the WebAssembly heap for good
 * (about 115 MB resident saved).
 */
const START_PARAMS = [
  ...['--single', '-F', '-O', '-j'],
  ...['-c', 'search_path=public', '-c', 'exit_on_error=false', '-c', 'log_checkpoints=false'],
  ...['-c', 'max_worker_processes=0', '-c', 'max_parallel_workers=0', '-c', 'max_parallel_workers_per_gather=0'],
  ...['-c', 'io_method=sync', '-c', 'max_parallel_maintenance_workers=0'],
  ...['-c', 'shared_buffers=16MB', '-c', 'wal_buffers=1MB'],
];

export const PGLITE_OPTIONS: PGliteOptions = { startParams: START_PARAMS };

/** The template's folder: one per PGlite version and options, kept with the installed packages. */
function templateFolder(): string {
  const pglite = path.join(projectRoot, 'node_modules', '@electric-sql', 'pglite');
  const { version } = JSON.parse(readFileSync(path.join(pglite, 'package.json'), 'utf8')) as { version: string };
  const options = createHash('sha256').update(JSON.stringify(PGLITE_OPTIONS)).digest('hex').slice(0, 12);
  return path.join(projectRoot, 'node_modules', '.cache', 'peel-graphql', `pglite-${version}-${options}`);
}

/** Builds the template in a child process (src/db/pglite-template.mjs). */
async function buildTemplate(folder: string): Promise<void> {
  const script = path.join(projectRoot, 'src', 'db', 'pglite-template.mjs');
  const child = spawn(process.execPath, [script, folder, JSON.stringify(PGLITE_OPTIONS)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`PGlite could not create an empty database (initdb exited with ${code}): ${stderr.trim()}`);
}

/** The template under way or done. */
let template: Promise<string> | undefined;

/**
 * The folder of the empty cluster new databases start as a copy of, built when missing (npm ci builds it
 * beforehand: the postinstall script). Safe to call early and often: the work is done once.
 */
export function pgliteTemplate(): Promise<string> {
  if (!template) {
    const folder = templateFolder();
    template = existsSync(path.join(folder, 'PG_VERSION')) ? Promise.resolve(folder) : buildTemplate(folder).then(() => folder);
    // Whoever opens a database sees a failure; until then it must not count as unhandled.
    template.catch(() => {});
  }
  return template;
}

/** Whether `dataDir` still has to be created. */
const isNew = (dataDir: string) => !existsSync(path.join(dataDir, 'PG_VERSION'));

/** Starts building the template now when opening `dataDir` will need it and it is missing. */
export function startPgliteTemplate(dataDir: string | undefined): void {
  if (dataDir && isNew(dataDir)) void pgliteTemplate();
}

/**
 * Copies the template into a new data folder, which PGlite then opens as an existing database. (Its
 * own `loadDataDir` takes a tarball and unpacks it inside the WebAssembly heap, which keeps ~75 MB
 * more for good.) Copied beside the folder and renamed into place, so an interrupted start leaves no
 * half-made database.
 */
async function copyTemplate(dataDir: string): Promise<void> {
  const template = await pgliteTemplate();
  if (existsSync(dataDir)) {
    if (readdirSync(dataDir).length > 0)
      throw new Error(`${dataDir} is not empty and holds no PGlite database; empty it or name another folder`);
    rmdirSync(dataDir);
  }
  const partial = `${dataDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(path.dirname(dataDir), { recursive: true });
  try {
    await cp(template, partial, { recursive: true });
    renameSync(partial, dataDir);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    // Another process made the same folder's database a moment earlier: it is there to open.
    if (isNew(dataDir)) throw error;
  }
}

/** The file that says which process has a data folder open: its pid and, on Linux, when it started. */
const lockFile = (dataDir: string) => path.join(dataDir, 'peel-graphql.pid');

/**
 * When process `pid` started (clock ticks since boot, /proc/<pid>/stat's 22nd field), or null where
 * that cannot be read (not Linux, or no such process). A pid alone can be reused by an unrelated
 * process after a crash; a pid with its start time names one process only.
 */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (2nd field) is in parentheses and may hold spaces: count from after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process a lock file names still holds it: running, and (when both are known) the same start time. */
function holds(pid: number, started: string | undefined): boolean {
  if (!isRunning(pid)) return false;
  const now = startTimeOf(pid);
  return started === undefined || now === null || now === started;
}

/** Another running process has the embedded database's folder open. */
export class FolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: number,
    options?: ErrorOptions,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by process ${holder}; PGlite serves one process, ` +
        'so stop that one first, or run several instances on PostgreSQL (DATABASE_URL=postgres://…)',
      options,
    );
  }
}

/**
 * Claims a data folder for this process. PGlite is one process's database: two processes on one
 * folder each keep their own copy in memory and write over each other's files (two servers started
 * together both seeded it). A lock left by a process that has ended, or whose pid now names another
 * process, is taken over.
 */
function claimFolder(dataDir: string): () => void {
  const file = lockFile(dataDir);
  const mine = [process.pid, startTimeOf(process.pid)].filter((part) => part !== null).join(' ');
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const [pidText, started] = readFileSync(file, 'utf8').trim().split(/\s+/);
      const holder = Number(pidText);
      if (holder !== process.pid && Number.isInteger(holder) && holder > 0 && holds(holder, started)) {
        throw new FolderInUseError(dataDir, holder, { cause: error });
      }
      rmSync(file, { force: true });
    }
  }
}

/** What the server asks of embedded PGlite, whether it runs on this thread or its own (db/pglite-thread.ts). */
export interface PgliteClient extends Pick<PGlite, 'query' | 'listen'> {
  transaction<T>(callback: (tx: Pick<PGlite, 'query'>) => Promise<T>): Promise<T>;
}

export interface OpenedPglite {
  client: PgliteClient;
  /** Set when PGlite runs on a thread of its own: runs a write there whole. */
  thread?: PgliteThread;
  /** Closes the database and gives the folder back. */
  close(): Promise<void>;
}

/**
 * Opens PGlite in `dataDir`, or in memory when it is undefined; a new database starts from the
 * template. With `thread`, PGlite runs on a thread of its own started from that entry module.
 */
export async function openPglite(dataDir: string | undefined, thread?: ThreadEntry): Promise<OpenedPglite> {
  // In memory (the tests) PGlite runs initdb itself: there is no folder to copy into.
  if (dataDir && isNew(dataDir)) await copyTemplate(dataDir);
  const release = dataDir ? claimFolder(dataDir) : () => {};
  try {
    if (thread) {
      const { PgliteThread } = await import('./pglite-thread.js');
      const client = await PgliteThread.start(thread, { dataDir, options: PGLITE_OPTIONS });
      return { client, thread: client, close: () => client.close().finally(release) };
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const client = new PGlite(dataDir, PGLITE_OPTIONS);
    await client.waitReady;
    return { client, close: () => client.close().finally(release) };
  } catch (error) {
    release();
    throw error;
  }
}
