// The snapshot reads are served from, kept current by the database's change feed. A committed write
// anywhere (this server, another one, the CLIs, psql) makes the snapshot held unconfirmed: from then
// on each read waits for a snapshot whose load began after the change, and a refresh follows shortly
// anyway (debounced, so a bulk write reloads a few times a second, not once per statement). While
// the feed is down nothing can confirm a snapshot, so every read loads its own until it resumes.
// Loads never overlap: requests arriving during one share the next.
import type { ChangeEvent, ChangeFeed } from '../db/change-feed.js';
import type { Database } from '../db/connect.js';
import { detachedFromRequests } from '../db/request-context.js';
import { loadSnapshot, type Snapshot } from './snapshot.js';

export interface ReadModelSource {
  db: Database;
  changes(): Promise<ChangeFeed>;
}

/** Where the read model says that it could not refresh (pino's logger will do). */
export interface ReadModelLog {
  warn(message: string): void;
}

/** A change is followed by a refresh once writes pause this long… */
const REFRESH_DEBOUNCE_MS = 20;
/** …or this long after the first unrefreshed change, whichever comes first. */
const REFRESH_MAX_DELAY_MS = 200;

const ignore = () => {};

export class ReadModel {
  readonly #source: ReadModelSource;
  readonly #log: ReadModelLog;
  #snapshot: Snapshot | null = null;
  /** Whether #snapshot holds every write committed so far, as far as the feed can tell. */
  #confirmed = false;
  #feed: ChangeFeed | null = null;
  /** Counts changes heard and feed losses: a load confirms its snapshot only if neither moved while it ran. */
  #events = 0;
  #started: Promise<void> | null = null;
  #running: Promise<Snapshot> | null = null;
  /** #events when the running load began: a read needs no newer load if nothing was heard since. */
  #runningSince = -1;
  #queued: Promise<Snapshot> | null = null;
  #refresh: NodeJS.Timeout | null = null;
  #firstUnrefreshedAt: number | null = null;

  constructor(source: ReadModelSource, log: ReadModelLog = { warn: ignore }) {
    this.#source = source;
    this.#log = log;
  }

  /** The snapshot to read from: the one held when it is confirmed, otherwise one loaded after this call. */
  snapshot(): Snapshot | Promise<Snapshot> {
    if (this.#confirmed && this.#snapshot) return this.#snapshot;
    if (!this.#started) return this.#start().then(() => this.snapshot());
    // A load begun after the last change heard holds every write a read must see.
    if (this.#running && !this.#queued && this.#runningSince === this.#events) return this.#running;
    return this.reload();
  }

  /** A snapshot whose load begins after this call: what a writer awaits to read its own write. */
  reload(): Promise<Snapshot> {
    // Queued is checked first: between a load ending and the queued one starting, #running is already null.
    if (this.#queued) return this.#queued;
    if (!this.#running) return this.#load();
    // The load under way may have read before the caller's write: one more follows it, shared by everyone asking meanwhile.
    return (this.#queued ??= this.#running.then(ignore, ignore).then(() => {
      this.#queued = null;
      return this.#load();
    }));
  }

  /** Resolves once no load is under way, queued or scheduled (tests count statements only after it). */
  async settled(): Promise<void> {
    while (this.#running || this.#queued || this.#refresh) {
      if (this.#refresh) await new Promise((resolve) => setTimeout(resolve, REFRESH_DEBOUNCE_MS));
      else await (this.#queued ?? this.#running)!.then(ignore, ignore);
    }
  }

  /** One phrase for /readyz. */
  describe(): string {
    if (!this.#snapshot) return 'not loaded';
    if (this.#confirmed) return 'current';
    return this.#feed?.live ? 'refreshing' : 'unconfirmed (each read loads its own until the change feed resumes)';
  }

  #start(): Promise<void> {
    // Subscribed before the first load, so a write committed during it is heard.
    this.#started ??= this.#source.changes().then(
      async (feed) => {
        feed.subscribe((event) => this.#onChange(event));
        this.#feed = feed;
        await this.reload();
      },
      (error: unknown) => {
        this.#started = null;
        throw error;
      },
    );
    return this.#started;
  }

  #onChange(event: ChangeEvent): void {
    this.#events++;
    this.#confirmed = false;
    if (event.kind === 'lost') {
      this.#log.warn(`read model: change feed lost (${event.reason}); reads load their own snapshot until it resumes`);
      return;
    }
    // A change, or the feed back after missing some: reads wait for a newer load, and one follows soon.
    this.#scheduleRefresh();
  }

  #scheduleRefresh(): void {
    const now = performance.now();
    this.#firstUnrefreshedAt ??= now;
    if (this.#refresh) clearTimeout(this.#refresh);
    const wait = Math.min(REFRESH_DEBOUNCE_MS, Math.max(0, this.#firstUnrefreshedAt + REFRESH_MAX_DELAY_MS - now));
    this.#refresh = setTimeout(() => {
      this.#refresh = null;
      this.#firstUnrefreshedAt = null;
      this.reload().catch((error: unknown) =>
        this.#log.warn(`read model: refresh failed (${error instanceof Error ? error.message : String(error)}); reads load their own`),
      );
    }, wait);
    this.#refresh.unref();
  }

  #load(): Promise<Snapshot> {
    const events = this.#events;
    this.#runningSince = events;
    // Shared by every request waiting for it, so no one request's deadline may cut it short.
    const running = detachedFromRequests(() => loadSnapshot(this.#source.db)).then((snapshot) => {
      this.#snapshot = snapshot;
      // Nothing heard while it ran, and the feed listening throughout: it holds every write so far.
      this.#confirmed = this.#feed?.live === true && events === this.#events;
      return snapshot;
    });
    this.#running = running;
    const done = () => {
      if (this.#running === running) this.#running = null;
    };
    running.then(done, done);
    return running;
  }
}
