// Tells whoever holds data in memory that the database changed. The triggers of the migration
// `data-version` send `pg_notify('peel_changes', <data version>)` as each writing transaction
// commits, whoever makes it (a server, the CLIs, psql); this module LISTENs on one connection of its
// own and hands each notification to its subscribers. On PostgreSQL that connection can be lost:
// subscribers hear `lost` at once (writes may go unseen from then on) and `resumed` once it listens
// again; a connection that may have frozen can be restarted.
import type pg from 'pg';

/** The channel the triggers notify. */
export const CHANGE_CHANNEL = 'peel_changes';

export type ChangeEvent =
  /**
   * A write was committed, making the data version `version` (NaN when the payload is not a version:
   * a NOTIFY by hand). `prefetched`: the refresh it makes, already read by embedded PGlite's thread
   * (queries/snapshot-tables.ts, PrefetchedRefresh), so reading it costs no round trip.
   */
  | { kind: 'changed'; version: number; prefetched?: unknown }
  /** The listening connection is gone: until `resumed`, changes are not heard. */
  | { kind: 'lost'; reason: string }
  /** Listening again after `lost`; whatever changed in between was not heard. */
  | { kind: 'resumed' };

export type ChangeListener = (event: ChangeEvent) => void;

export interface ChangeFeed {
  /** Whether changes are being heard now. */
  readonly live: boolean;
  /** Whether notifications arrive in this process as writes commit (embedded): then the feed cannot miss one. */
  readonly inProcess: boolean;
  /** Drops the listening connection and listens again (`lost`, then `resumed`): for a connection suspected of being deaf. */
  restart(reason: string): void;
  subscribe(listener: ChangeListener): () => void;
  close(): Promise<void>;
}

/** Delays between reconnection attempts, growing to the last one. */
const RECONNECT_DELAYS_MS = [50, 200, 500, 1000, 2000, 5000];
/**
 * How often the listening connection is asked a trivial question, and how long it has to answer. A
 * connection can die without a word (a partition, a failover with no reset): until this notices,
 * changes would go unheard while the snapshot still counted as current.
 */
const HEARTBEAT_EVERY_MS = 3_000;
const HEARTBEAT_WITHIN_MS = 3_000;

const versionOf = (payload: string | undefined) => (payload && /^\d{1,15}$/.test(payload) ? Number(payload) : Number.NaN);

abstract class Subscribers {
  readonly #listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  protected emit(event: ChangeEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

/** LISTEN on a connection of its own (not the pool's), reconnecting with backoff when it drops. */
export class PostgresChangeFeed extends Subscribers implements ChangeFeed {
  #client: pg.Client | null = null;
  #closed = false;
  #attempt = 0;
  #retry: NodeJS.Timeout | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  readonly #newClient: () => pg.Client;

  private constructor(newClient: () => pg.Client) {
    super();
    this.#newClient = newClient;
  }

  /** Resolves once listening; rejects when the first connection fails. */
  static async open(newClient: () => pg.Client): Promise<PostgresChangeFeed> {
    const feed = new PostgresChangeFeed(newClient);
    await feed.#connect();
    return feed;
  }

  readonly inProcess = false;

  get live(): boolean {
    return this.#client !== null;
  }

  restart(reason: string): void {
    if (this.#client) this.#drop(this.#client, reason);
  }

  async #connect(): Promise<void> {
    const client = this.#newClient();
    client.on('notification', (message) => {
      if (message.channel === CHANGE_CHANNEL) this.emit({ kind: 'changed', version: versionOf(message.payload) });
    });
    client.on('error', (error) => this.#drop(client, error.message));
    client.on('end', () => this.#drop(client, 'connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#closed) {
      await client.end();
      return;
    }
    this.#client = client;
    this.#attempt = 0;
    this.#beat(client);
  }

  /** Asks `client` a trivial question every HEARTBEAT_EVERY_MS; no answer in time drops it. */
  #beat(client: pg.Client): void {
    // Dropping or closing clears this timer, so when it fires `client` is still the one listening.
    this.#heartbeat = setTimeout(() => {
      let timer: NodeJS.Timeout | undefined;
      const silence = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${HEARTBEAT_WITHIN_MS} ms`)), HEARTBEAT_WITHIN_MS);
        timer.unref();
      });
      Promise.race([client.query('select 1'), silence])
        .then(
          // An answer that comes after the connection was dropped starts no heartbeat on it.
          () => client === this.#client && this.#beat(client),
          (error: unknown) => this.#drop(client, `heartbeat failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => clearTimeout(timer));
    }, HEARTBEAT_EVERY_MS);
    this.#heartbeat.unref();
  }

  #drop(client: pg.Client, reason: string): void {
    if (client !== this.#client) return;
    this.#client = null;
    clearTimeout(this.#heartbeat ?? undefined);
    client.removeAllListeners('end');
    client.end().catch(() => {});
    // (close() lets go of the client before ending it, so a closed feed never gets here.)
    this.emit({ kind: 'lost', reason });
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const delay = RECONNECT_DELAYS_MS[Math.min(this.#attempt++, RECONNECT_DELAYS_MS.length - 1)]!;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.#connect().then(
        () => {
          if (!this.#closed) this.emit({ kind: 'resumed' });
        },
        () => {
          if (!this.#closed) this.#scheduleReconnect();
        },
      );
    }, delay);
    this.#retry.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry ?? undefined);
    clearTimeout(this.#heartbeat ?? undefined);
    const client = this.#client;
    this.#client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
    }
  }
}

/** PGlite's LISTEN; on its own thread (db/pglite-thread.ts), a notification may come with the refresh it makes (see `prefetched`). */
interface PgliteListener {
  listen(channel: string, callback: (payload: string, attachment?: unknown) => void): Promise<() => Promise<void>>;
}

/** PGlite's own LISTEN: one process owns the folder, so its connection is never lost. */
export class PgliteChangeFeed extends Subscribers implements ChangeFeed {
  readonly live = true;
  readonly inProcess = true;
  #unlisten: (() => Promise<void>) | null = null;

  static async open(client: PgliteListener): Promise<PgliteChangeFeed> {
    const feed = new PgliteChangeFeed();
    feed.#unlisten = await client.listen(CHANGE_CHANNEL, (payload, prefetched) =>
      feed.emit({ kind: 'changed', version: versionOf(payload), ...(prefetched === undefined ? {} : { prefetched }) }),
    );
    return feed;
  }

  restart(): void {}

  async close(): Promise<void> {
    await this.#unlisten?.().catch(() => {});
    this.#unlisten = null;
  }
}
