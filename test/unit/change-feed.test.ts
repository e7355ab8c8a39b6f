// The change feed's promise, without a database: a fake pg.Client the test speaks for (connects,
// answers, goes silent, drops) and a clock the test moves. test/read-model.test.ts shows the same
// feed against PostgreSQL; this is what StrykerJS mutates it against.
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANGE_CHANNEL, PgliteChangeFeed, PostgresChangeFeed, type ChangeEvent } from '../../src/db/change-feed.js';

/** A pg.Client in miniature: what it was asked, and answers the test decides. */
class FakeClient extends EventEmitter {
  queries: string[] = [];
  ended = 0;
  /** When set, connect() fails with it. */
  connectError: Error | null = null;
  /** When set, LISTEN fails with it. */
  listenError: Error | null = null;
  /** How `select 1` answers: at once, never, or with an error. */
  heartbeat: 'answer' | 'silent' | Error = 'answer';

  async connect() {
    if (this.connectError) throw this.connectError;
  }

  query(text: string): Promise<unknown> {
    this.queries.push(text);
    if (text.startsWith('LISTEN')) return this.listenError ? Promise.reject(this.listenError) : Promise.resolve({});
    if (this.heartbeat === 'silent') return new Promise(() => {});
    if (this.heartbeat instanceof Error) return Promise.reject(this.heartbeat);
    return Promise.resolve({ rows: [{ '?column?': 1 }] });
  }

  async end() {
    this.ended++;
  }

  notify(payload: string | undefined, channel = CHANGE_CHANNEL) {
    this.emit('notification', { channel, payload, processId: 1 });
  }
}

let clients: FakeClient[];
/** What the next client to be made will do (set before it is made). */
let prepare: (client: FakeClient) => void;
let events: ChangeEvent[];

const newClient = () => {
  const client = new FakeClient();
  prepare(client);
  clients.push(client);
  return client as unknown as pg.Client;
};

async function openFeed() {
  const feed = await PostgresChangeFeed.open(newClient);
  feed.subscribe((event) => events.push(event));
  return feed;
}

/** Moves the clock and lets the promises it releases settle. */
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
  clients = [];
  prepare = () => {};
  events = [];
});
afterEach(() => vi.useRealTimers());

describe('the PostgreSQL change feed', () => {
  it('listens on a connection of its own and hands on each version notified', async () => {
    const feed = await openFeed();
    expect(clients).toHaveLength(1);
    expect(clients[0]!.queries).toEqual([`LISTEN ${CHANGE_CHANNEL}`]);
    expect(CHANGE_CHANNEL).toBe('peel_changes');
    expect(feed.live).toBe(true);
    expect(feed.inProcess).toBe(false);

    clients[0]!.notify('42');
    clients[0]!.notify('7', 'some_other_channel');
    clients[0]!.notify('999999999999999'); // 15 digits: still a version
    expect(events).toEqual([
      { kind: 'changed', version: 42 },
      { kind: 'changed', version: 999999999999999 },
    ]);
    await feed.close();
  });

  it('a payload that is not a version (a NOTIFY by hand) is a change of unknown version', async () => {
    const feed = await openFeed();
    for (const payload of ['', undefined, 'hello', '12a', ' 12', '-3', '1.5', '1234567890123456']) clients[0]!.notify(payload);
    expect(events).toHaveLength(8);
    for (const event of events) {
      expect(event.kind).toBe('changed');
      expect(Number.isNaN((event as { version: number }).version)).toBe(true);
    }
    await feed.close();
  });

  it('a listener that unsubscribes hears nothing more; the others still do', async () => {
    const feed = await openFeed();
    const mine: ChangeEvent[] = [];
    const unsubscribe = feed.subscribe((event) => mine.push(event));
    clients[0]!.notify('1');
    unsubscribe();
    clients[0]!.notify('2');
    expect(mine).toEqual([{ kind: 'changed', version: 1 }]);
    expect(events).toHaveLength(2);
    await feed.close();
  });

  it('refuses to open when the first connection fails, and leaves no connection behind', async () => {
    prepare = (client) => (client.connectError = new Error('connection refused'));
    await expect(PostgresChangeFeed.open(newClient)).rejects.toThrow('connection refused');
    expect(clients[0]!.ended).toBe(1);
    expect(clients[0]!.listenerCount('end')).toBe(0);
    await advance(10_000);
    expect(clients).toHaveLength(1); // no retry after a failed open
  });

  it('refuses to open when LISTEN fails', async () => {
    prepare = (client) => (client.listenError = new Error('permission denied'));
    await expect(PostgresChangeFeed.open(newClient)).rejects.toThrow('permission denied');
    expect(clients[0]!.ended).toBe(1);
  });

  it('a dropped connection is heard as lost at once, then resumed once listening again', async () => {
    const feed = await openFeed();
    clients[0]!.emit('error', new Error('terminating connection due to administrator command'));
    expect(feed.live).toBe(false);
    expect(events).toEqual([{ kind: 'lost', reason: 'terminating connection due to administrator command' }]);
    expect(clients[0]!.ended).toBe(1);
    // A notification on the old connection after it was dropped is not handed on twice, nor is its end.
    clients[0]!.emit('end');
    expect(events).toHaveLength(1);

    await advance(49);
    expect(clients).toHaveLength(1);
    await advance(1);
    expect(clients).toHaveLength(2);
    expect(clients[1]!.queries).toEqual([`LISTEN ${CHANGE_CHANNEL}`]);
    expect(feed.live).toBe(true);
    expect(events.at(-1)).toEqual({ kind: 'resumed' });
    clients[1]!.notify('5');
    expect(events.at(-1)).toEqual({ kind: 'changed', version: 5 });
    // The old connection's last words change nothing about the new one.
    clients[0]!.emit('error', new Error('late'));
    expect(feed.live).toBe(true);
    expect(events.at(-1)).toEqual({ kind: 'changed', version: 5 });
    expect(clients[0]!.ended).toBe(1);
    await feed.close();
  });

  it('a connection that ends is lost too', async () => {
    const feed = await openFeed();
    clients[0]!.emit('end');
    expect(events).toEqual([{ kind: 'lost', reason: 'connection ended' }]);
    expect(feed.live).toBe(false);
    await feed.close();
  });

  it('reconnects with growing delays while the database stays away, and starts over once back', async () => {
    const feed = await openFeed();
    prepare = (client) => (client.connectError = new Error('connection refused'));
    clients[0]!.emit('end');
    const attemptsAt: number[] = [];
    const start = Date.now();
    for (let elapsed = 0; elapsed < 20_000; elapsed += 10) {
      const before = clients.length;
      await advance(10);
      if (clients.length > before) attemptsAt.push(Date.now() - start);
    }
    // 50, 200, 500, 1000, 2000, then 5000 each time: attempts at these times after the loss.
    expect(attemptsAt).toEqual([50, 250, 750, 1750, 3750, 8750, 13750, 18750]);
    expect(events).toEqual([{ kind: 'lost', reason: 'connection ended' }]);
    expect(clients.slice(1).every((client) => client.ended === 1)).toBe(true);

    prepare = () => {};
    await advance(5_000);
    expect(feed.live).toBe(true);
    expect(events.at(-1)).toEqual({ kind: 'resumed' });
    // Lost again: the delays begin again from the first.
    const count = clients.length;
    clients.at(-1)!.emit('end');
    await advance(50);
    expect(clients).toHaveLength(count + 1);
    await feed.close();
  });

  it('asks the connection a trivial question every 3 s and drops it when no answer comes within 3 s', async () => {
    const feed = await openFeed();
    const client = clients[0]!;
    await advance(2_999);
    expect(client.queries).toEqual([`LISTEN ${CHANGE_CHANNEL}`]);
    await advance(1);
    expect(client.queries).toEqual([`LISTEN ${CHANGE_CHANNEL}`, 'select 1']);
    await advance(3_000);
    expect(client.queries.filter((q) => q === 'select 1')).toHaveLength(2);
    expect(feed.live).toBe(true);
    expect(vi.getTimerCount()).toBe(1); // the next heartbeat only: an answered one leaves no timer behind

    client.heartbeat = 'silent';
    await advance(3_000); // the third question goes unanswered...
    expect(client.queries.filter((q) => q === 'select 1')).toHaveLength(3);
    await advance(2_999);
    expect(feed.live).toBe(true);
    await advance(1); // ...and 3 s later the connection is dropped
    expect(feed.live).toBe(false);
    expect(events).toEqual([{ kind: 'lost', reason: 'heartbeat failed: no answer within 3000 ms' }]);
    expect(client.ended).toBe(1);
    await advance(50);
    expect(feed.live).toBe(true);
    expect(events.at(-1)).toEqual({ kind: 'resumed' });
    await feed.close();
  });

  it('a heartbeat that fails drops the connection with the failure as the reason', async () => {
    const feed = await openFeed();
    clients[0]!.heartbeat = new Error('Connection terminated unexpectedly');
    await advance(3_000);
    expect(events).toEqual([{ kind: 'lost', reason: 'heartbeat failed: Connection terminated unexpectedly' }]);
    await feed.close();
  });

  it('restart drops a connection suspected of being deaf and listens again on a new one', async () => {
    const feed = await openFeed();
    feed.restart('version 9 committed but not announced within 400 ms');
    expect(events).toEqual([{ kind: 'lost', reason: 'version 9 committed but not announced within 400 ms' }]);
    expect(clients[0]!.ended).toBe(1);
    await advance(50);
    expect(clients).toHaveLength(2);
    expect(events.at(-1)).toEqual({ kind: 'resumed' });
    // The old connection's heartbeat is gone with it: only the new one is asked.
    await advance(3_000);
    expect(clients[0]!.queries.filter((q) => q === 'select 1')).toHaveLength(0);
    expect(clients[1]!.queries.filter((q) => q === 'select 1')).toHaveLength(1);
    await feed.close();
  });

  it('a heartbeat answered after its connection was dropped asks that connection nothing more', async () => {
    const feed = await openFeed();
    let answer!: () => void;
    const old = clients[0]!;
    old.query = (text: string) => {
      old.queries.push(text);
      return text === 'select 1' ? new Promise((resolve) => (answer = () => resolve({}))) : Promise.resolve({});
    };
    await advance(3_000); // the question is out...
    feed.restart('suspected deaf');
    await advance(50); // ...the new connection listens...
    answer(); // ...and the old one answers late
    await advance(0);
    await advance(3_000);
    expect(old.queries.filter((q) => q === 'select 1')).toHaveLength(1);
    expect(clients[1]!.queries.filter((q) => q === 'select 1')).toHaveLength(1);
    await feed.close();
    await advance(10_000);
    expect(clients[1]!.queries.filter((q) => q === 'select 1')).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('restart while not listening does nothing', async () => {
    const feed = await openFeed();
    prepare = (client) => (client.connectError = new Error('connection refused'));
    clients[0]!.emit('end');
    feed.restart('again');
    expect(events).toEqual([{ kind: 'lost', reason: 'connection ended' }]);
    await feed.close();
  });

  it('close ends the connection and stops the heartbeat; nothing is heard after', async () => {
    const feed = await openFeed();
    await feed.close();
    expect(feed.live).toBe(false);
    clients[0]!.emit('end');
    clients[0]!.emit('error', new Error('late'));
    expect(clients[0]!.ended).toBe(1);
    await advance(60_000);
    expect(clients[0]!.queries).toEqual([`LISTEN ${CHANGE_CHANNEL}`]);
    expect(clients).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('close while reconnecting stops the attempts', async () => {
    const feed = await openFeed();
    clients[0]!.emit('end');
    await feed.close();
    await advance(60_000);
    expect(clients).toHaveLength(1);
    expect(events).toEqual([{ kind: 'lost', reason: 'connection ended' }]);
  });

  it('an attempt that fails after close is not retried', async () => {
    const feed = await openFeed();
    let fail!: () => void;
    prepare = (client) => {
      client.connect = () => new Promise<void>((_, reject) => (fail = () => reject(new Error('connection refused'))));
    };
    clients[0]!.emit('end');
    await advance(50);
    await feed.close();
    fail();
    await advance(60_000);
    expect(clients).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a connection that comes up after close is ended at once, and nothing is resumed', async () => {
    const feed = await openFeed();
    let release!: () => void;
    prepare = (client) => {
      client.connect = () => new Promise<void>((resolve) => (release = resolve));
    };
    clients[0]!.emit('end');
    await advance(50); // the attempt is under way
    expect(clients).toHaveLength(2);
    await feed.close();
    release();
    await advance(0);
    expect(clients[1]!.ended).toBe(1);
    expect(feed.live).toBe(false);
    expect(events).toEqual([{ kind: 'lost', reason: 'connection ended' }]);
    await advance(10_000);
    expect(clients[1]!.queries.filter((q) => q === 'select 1')).toHaveLength(0);
  });
});

describe('the embedded (PGlite) change feed', () => {
  it('hands on what PGlite notifies, cannot be lost, and stops listening on close', async () => {
    let callback: ((payload: string, attachment?: unknown) => void) | undefined;
    let unlistened = 0;
    const pglite = {
      async listen(channel: string, listener: (payload: string, attachment?: unknown) => void) {
        expect(channel).toBe(CHANGE_CHANNEL);
        callback = listener;
        return async () => {
          unlistened++;
        };
      },
    } as unknown as PGlite;
    const feed = await PgliteChangeFeed.open(pglite);
    feed.subscribe((event) => events.push(event));
    expect(feed.live).toBe(true);
    expect(feed.inProcess).toBe(true);
    callback!('3');
    callback!('by hand');
    // On PGlite's own thread, a notification comes with the refresh read ahead for it.
    callback!('4', { since: 3, row: {} });
    feed.restart();
    expect(events).toHaveLength(3);
    expect(events[0]).toStrictEqual({ kind: 'changed', version: 3 });
    expect(Number.isNaN((events[1] as { version: number }).version)).toBe(true);
    expect(events[2]).toEqual({ kind: 'changed', version: 4, prefetched: { since: 3, row: {} } });
    await feed.close();
    await feed.close();
    expect(unlistened).toBe(1);
  });

  it('close survives an unlisten that fails', async () => {
    const pglite = {
      listen: async () => () => Promise.reject(new Error('already closed')),
    } as unknown as PGlite;
    const feed = await PgliteChangeFeed.open(pglite);
    await expect(feed.close()).resolves.toBeUndefined();
  });
});
