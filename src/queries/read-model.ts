// The snapshot reads are served from, and the promise that keeps it fresh: an answer holds every
// write committed more than STALENESS_BOUND_MS before the request arrived, whoever made it (this
// server, another one, the CLIs, psql). Readers never wait for writers while that holds; a reader
// that needs a newer version (its own write) asks for it with `atLeast`.
//
// How: each committed write advances the data version and notifies it (the migration
// `data-version`); a notification newer than the snapshot starts a refresh at once, which reads only
// what changed (queries/snapshot-tables.ts). On PostgreSQL the feed is a connection of its own that
// can be lost, or freeze without a word, so the version is also polled: a poll that finds the
// snapshot current confirms it; one that finds it behind refreshes it, and a notification that never
// came restarts the feed. When nothing has confirmed the snapshot within the bound (the database
// down or stuck), reads wait for a refresh, which answers or fails like any database read.
import type { ChangeEvent, ChangeFeed } from '../db/change-feed.js';
import type { Database } from '../db/connect.js';
import { detachedFromRequests } from '../db/request-context.js';
import { buildSnapshot, type Snapshot } from './snapshot.js';
import { pruneChangeLog, readDataVersion, readTables, type Tables, type TablesRead } from './snapshot-tables.js';

export interface ReadModelSource {
  db: Database;
  changes(): Promise<ChangeFeed>;
}

/** What the read model asks the database: queries/snapshot-tables.ts over the source's connection (unit tests give their own). */
export interface SnapshotStore {
  /** The tables now; `prefetched`, when given, is a refresh already read (see ChangeEvent) that may stand in for reading. */
  read(previous: Tables | null, prefetched?: unknown): Promise<TablesRead>;
  version(): Promise<number>;
  prune(): Promise<void>;
}

const storeOver = (db: Database): SnapshotStore => ({
  read: (previous, prefetched) => readTables(db, previous, prefetched),
  version: () => readDataVersion(db),
  prune: () => pruneChangeLog(db),
});

/** Where the read model says that it could not refresh (pino's logger will do). */
export interface ReadModelLog {
  warn(message: string): void;
}

/** An answer holds every write committed at least this long before its request arrived (docs/freshness.md). */
export const STALENESS_BOUND_MS = 1_000;
/** How often the data version is polled on PostgreSQL, where the feed can be lost or freeze. */
export const POLL_EVERY_MS = 250;
/** How often old change-log entries are dropped (by whichever server gets there). */
const PRUNE_EVERY_MS = 60_000;
/** How long `atLeast` sleeps between refreshes when no newer version has been heard of. */
const RECHECK_MS = 50;

/** Why atLeast gave up: the version asked for was not committed within the wait. */
export class VersionNotReached extends Error {
  constructor(
    readonly wanted: number,
    readonly newest: number,
    readonly waitedMs: number,
  ) {
    super(`data version ${wanted} was not reached within ${waitedMs} ms; the newest committed is ${newest}`);
  }
}

const ignore = () => {};
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export class ReadModel {
  readonly #source: ReadModelSource;
  readonly #log: ReadModelLog;
  readonly #now: () => number;
  readonly #store: SnapshotStore;
  #tables: Tables | null = null;
  #snapshot: Snapshot | null = null;
  /** When (#now) a read last found the database at the snapshot's version: every commit before it is held. */
  #confirmedAt = Number.NEGATIVE_INFINITY;
  /** The newest version heard of (feed or poll). */
  #heard = 0;
  /** When a version newer than the snapshot was first heard of, while the snapshot is behind it. */
  #behindSince: number | null = null;
  #feed: ChangeFeed | null = null;
  #started: Promise<void> | null = null;
  #running: Promise<Snapshot> | null = null;
  #queued: Promise<Snapshot> | null = null;
  #poll: NodeJS.Timeout | null = null;
  /** The newest version the feed announced, or that was committed before it (re)started listening. */
  #announced = 0;
  /** Set when the feed (re)starts listening: the next read's version was committed before, or announced. */
  #listenedAgain = true;
  /** A version a poll found that the feed had not announced, and when: unannounced by the next poll, the feed is restarted. */
  #unannounced: { version: number; at: number } | null = null;
  #lastPrune = Number.NEGATIVE_INFINITY;
  #closed = false;
  /** The refresh the newest notification came with, read ahead by embedded PGlite's thread, and that notification's version. */
  #prefetched: { version: number; refresh: unknown } | null = null;

  constructor(
    source: ReadModelSource,
    log: ReadModelLog = { warn: ignore },
    now: () => number = () => performance.now(),
    store: SnapshotStore = storeOver(source.db),
  ) {
    this.#source = source;
    this.#log = log;
    this.#now = now;
    this.#store = store;
  }

  /** The data version of the snapshot held (0 before the first load). */
  get version(): number {
    return this.#snapshot?.version ?? 0;
  }

  /** The snapshot to read from: the one held while it is within the staleness bound, otherwise a refreshed one. */
  snapshot(): Snapshot | Promise<Snapshot> {
    if (this.#snapshot && this.#fresh()) return this.#snapshot;
    if (!this.#started) return this.#start().then(() => this.snapshot());
    return this.refresh();
  }

  /** A snapshot holding version `version` or newer: what a writer awaits to read its own write. Gives up after `waitMs`. */
  async atLeast(version: number, waitMs: number): Promise<Snapshot> {
    const began = this.#now();
    let snapshot = await this.snapshot();
    while (snapshot.version < version) {
      const left = began + waitMs - this.#now();
      if (left <= 0) throw new VersionNotReached(version, snapshot.version, waitMs);
      // Heard of already: refresh now. Otherwise the commit may not have happened yet: look again shortly.
      if (this.#heard < version) await sleep(Math.min(RECHECK_MS, left));
      snapshot = await this.refresh();
    }
    return snapshot;
  }

  /** A snapshot whose read begins after this call. */
  refresh(): Promise<Snapshot> {
    if (!this.#started) return this.#start().then(() => this.#snapshot!);
    // Queued is checked first: between a read ending and the queued one starting, #running is already null.
    if (this.#queued) return this.#queued;
    if (!this.#running) return this.#read();
    // The read under way may have begun before the caller's reason to ask: one more follows it, shared by everyone asking meanwhile.
    return (this.#queued ??= this.#running.then(ignore, ignore).then(() => {
      this.#queued = null;
      return this.#read();
    }));
  }

  /** Resolves once no refresh is under way or queued, and the snapshot holds every version heard of (tests count statements after it). */
  async settled(): Promise<void> {
    for (;;) {
      const pending = this.#queued ?? this.#running;
      if (pending) await pending.then(ignore, ignore);
      else if (this.#snapshot && this.#heard > this.#snapshot.version) await this.refresh();
      else return;
    }
  }

  /** One phrase for /readyz. */
  describe(): string {
    if (!this.#snapshot) return 'not loaded';
    if (!this.#fresh()) return `stale (nothing confirmed it for over ${STALENESS_BOUND_MS} ms): reads wait for a refresh`;
    if (this.#feed && !this.#feed.live) return `current (change feed down: the data version is polled every ${POLL_EVERY_MS} ms)`;
    return 'current';
  }

  /** Stops polling and listening (the database handle closes the feed itself). */
  close(): void {
    this.#closed = true;
    if (this.#poll) clearTimeout(this.#poll);
  }

  /** Whether every write committed more than the bound ago is in the snapshot. */
  #fresh(): boolean {
    const now = this.#now();
    if (this.#feed?.inProcess && this.#feed.live) {
      // Embedded: a commit is heard as it happens, so the snapshot is current unless something newer was heard.
      return this.#behindSince === null || now - this.#behindSince <= STALENESS_BOUND_MS;
    }
    return now - this.#confirmedAt <= STALENESS_BOUND_MS;
  }

  #start(): Promise<void> {
    // Subscribed before the first read, so a write committed during it is heard.
    this.#started ??= this.#source.changes().then(
      async (feed) => {
        feed.subscribe((event) => this.#onChange(event));
        this.#feed = feed;
        // Polling starts now, so a first read that fails (the database busy) is not the end of it.
        if (!feed.inProcess) this.#schedulePoll();
        await this.#read();
      },
      (error: unknown) => {
        this.#started = null;
        throw error;
      },
    );
    return this.#started;
  }

  #onChange(event: ChangeEvent): void {
    if (event.kind === 'lost') {
      this.#log.warn(`read model: change feed lost (${event.reason}); polling the data version every ${POLL_EVERY_MS} ms until it resumes`);
      return;
    }
    if (event.kind === 'changed') {
      if (event.version > this.#announced) this.#announced = event.version;
      if (event.prefetched !== undefined) this.#prefetched = { version: event.version, refresh: event.prefetched };
      this.#hear(event.version);
    } else {
      this.#listenedAgain = true;
      this.#unannounced = null;
    }
    // A change newer than the snapshot, or the feed back after missing some: refresh now.
    if (event.kind === 'resumed' || event.version > this.version) this.#refreshInBackground();
  }

  #hear(version: number): void {
    if (version > this.#heard) this.#heard = version;
    if (this.#snapshot && version > this.#snapshot.version) this.#behindSince ??= this.#now();
  }

  #refreshInBackground(): void {
    if (this.#queued || !this.#snapshot) return; // a refresh that begins after this is already on its way
    this.refresh().catch((error: unknown) => this.#log.warn(`read model: refresh failed (${messageOf(error)}); reads refresh themselves`));
  }

  #schedulePoll(): void {
    if (this.#closed) return;
    this.#poll = setTimeout(() => {
      this.#pollOnce()
        .catch((error: unknown) => this.#log.warn(`read model: could not poll the data version (${messageOf(error)})`))
        .finally(() => this.#schedulePoll());
    }, POLL_EVERY_MS);
    this.#poll.unref();
  }

  async #pollOnce(): Promise<void> {
    const at = this.#now();
    const version = await detachedFromRequests(() => this.#store.version());
    const held = this.version;
    if (version === held) this.#confirm(at);
    if (version > this.#announced) this.#noticeUnannounced(version, at);
    this.#hear(version);
    if (version > held) this.#refreshInBackground();
    if (at - this.#lastPrune > PRUNE_EVERY_MS) {
      this.#lastPrune = at;
      await detachedFromRequests(() => this.#store.prune());
    }
  }

  /** A committed version the feed did not announce: once is a race with the notification; still unannounced a poll later, the feed is deaf. */
  #noticeUnannounced(version: number, at: number): void {
    const earlier = this.#unannounced;
    if (earlier && this.#announced < earlier.version && this.#feed?.live && !this.#listenedAgain) {
      this.#unannounced = null;
      this.#feed.restart(`version ${earlier.version} committed but not announced within ${Math.round(at - earlier.at)} ms`);
      return;
    }
    this.#unannounced = { version, at };
  }

  #confirm(at: number): void {
    if (at > this.#confirmedAt) this.#confirmedAt = at;
  }

  #read(): Promise<Snapshot> {
    const at = this.#now();
    const afterListening = this.#listenedAgain;
    const heardBefore = this.#heard;
    this.#listenedAgain = false;
    // A refresh read ahead stands in for this read only when it holds everything heard of so far.
    const prefetched = this.#prefetched && this.#prefetched.version >= heardBefore ? this.#prefetched.refresh : undefined;
    this.#prefetched = null;
    // Shared by every request waiting for it, so no one request's deadline may cut it short.
    const running = detachedFromRequests(() => this.#store.read(this.#tables, prefetched)).then(({ tables, changed }) => {
      if (tables !== this.#tables) {
        const previous = this.#snapshot && this.#tables ? { snapshot: this.#snapshot, changed } : undefined;
        this.#snapshot = buildSnapshot(tables, previous);
        this.#tables = tables;
      }
      this.#confirm(at);
      if (afterListening && tables.version > this.#announced) this.#announced = tables.version;
      // A read begun after hearing of a version holds it, unless no such version was committed (a NOTIFY by hand).
      if (tables.version < heardBefore && this.#heard === heardBefore) this.#heard = tables.version;
      this.#hear(tables.version);
      if (this.#heard <= tables.version) this.#behindSince = null;
      else this.#behindSince = at; // heard of something newer still: behind since this read began at the latest
      return this.#snapshot!;
    });
    this.#running = running;
    const done = () => {
      if (this.#running === running) this.#running = null;
    };
    running.then(
      () => {
        done();
        // Something newer was heard while this ran and no refresh is on its way: one more.
        if (this.#heard > this.version && !this.#closed) this.#refreshInBackground();
      },
      () => {
        // Failed: the listening flag goes back, so the next read still takes its version as the floor.
        if (afterListening) this.#listenedAgain = true;
        done();
      },
    );
    return running;
  }
}
