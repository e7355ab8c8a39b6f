// The read model's promise, without a database: a store that holds a version counter and counts its
// reads, a feed the test speaks for, a clock the test moves. (test/read-model.test.ts shows the same
// against PGlite and PostgreSQL; this is what StrykerJS mutates it against.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeEvent, ChangeFeed } from '../../src/db/change-feed.js';
import type { Database } from '../../src/db/connect.js';
import { POLL_EVERY_MS, ReadModel, STALENESS_BOUND_MS, VersionNotReached, type SnapshotStore } from '../../src/queries/read-model.js';
import type { TableField, Tables } from '../../src/queries/snapshot-tables.js';

const FIELDS: TableField[] = [
  'forces',
  'years',
  'grades',
  'questions',
  'reports',
  'findings',
  'sources',
  'blocks',
  'areas',
  'causes',
  'recommendations',
];
const emptyTables = (version: number): Tables =>
  ({
    version,
    forces: [],
    years: [],
    grades: [],
    questions: [],
    reports: [],
    ...Object.fromEntries(FIELDS.slice(5).map((f) => [f, new Map()])),
  }) as unknown as Tables;

/** A database in miniature: `commit()` advances the version; reads answer it, one at a time when held. */
class FakeStore implements SnapshotStore {
  committed = 1;
  reads = 0;
  versionReads = 0;
  prunes = 0;
  failing = false;
  /** While set, reads wait for it. */
  gate: Promise<void> | null = null;
  /** What each read was given as read ahead (undefined: nothing). */
  prefetched: unknown[] = [];
  commit() {
    return ++this.committed;
  }
  async read(previous: Tables | null, prefetched?: unknown) {
    this.reads++;
    this.prefetched.push(prefetched);
    const version = this.committed;
    if (this.gate) await this.gate;
    if (this.failing) throw new Error('connection refused');
    if (previous && previous.version === version) return { tables: previous, changed: new Set<TableField>() };
    // After the first read, each commit changes the forces only (as a renamed force would).
    if (previous) return { tables: { ...previous, version, forces: [] }, changed: new Set<TableField>(['forces']) };
    return { tables: emptyTables(version), changed: new Set(FIELDS) };
  }
  async version() {
    this.versionReads++;
    if (this.failing) throw new Error('connection refused');
    return this.committed;
  }
  async prune() {
    this.prunes++;
  }
}

/** A feed the test speaks for. */
class FakeFeed implements ChangeFeed {
  live = true;
  restarts: string[] = [];
  listener: ((event: ChangeEvent) => void) | null = null;
  constructor(readonly inProcess: boolean) {}
  subscribe(listener: (event: ChangeEvent) => void) {
    this.listener = listener;
    return () => {};
  }
  restart(reason: string) {
    this.restarts.push(reason);
  }
  async close() {}
  announce(version: number, prefetched?: unknown) {
    this.listener!({ kind: 'changed', version, ...(prefetched === undefined ? {} : { prefetched }) });
  }
}

function setUp(inProcess: boolean) {
  const store = new FakeStore();
  const feed = new FakeFeed(inProcess);
  const clock = { now: 0 };
  const warnings: string[] = [];
  const model = new ReadModel({ db: {} as Database, changes: async () => feed }, { warn: (m) => warnings.push(m) }, () => clock.now, store);
  return { store, feed, clock, warnings, model };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the read model (embedded: the feed hears every commit)', () => {
  it('serves the snapshot held, without reading, while nothing newer is heard, however long', async () => {
    const { store, clock, model } = setUp(true);
    expect(model.version).toBe(0);
    const first = await model.snapshot();
    expect(first.version).toBe(1);
    expect(store.reads).toBe(1);
    clock.now += 100 * STALENESS_BOUND_MS;
    expect(model.snapshot()).toBe(first);
    expect(model.describe()).toBe('current');
    expect(store.reads).toBe(1);
  });

  it('refreshes at once on a newer version, and keeps serving the old one within the bound meanwhile', async () => {
    const { store, feed, clock, model } = setUp(true);
    const first = await model.snapshot();
    let open!: () => void;
    store.gate = new Promise((resolve) => (open = resolve));
    feed.announce(store.commit());
    expect(store.reads).toBe(2);
    clock.now += STALENESS_BOUND_MS;
    expect(model.snapshot()).toBe(first); // behind for exactly the bound: still served
    clock.now += 1;
    expect(model.describe()).toMatch(/^stale \(nothing confirmed it for over 1000 ms\)/);
    const waited = model.snapshot();
    expect(waited).toBeInstanceOf(Promise);
    open();
    store.gate = null;
    expect((await waited).version).toBe(2);
    expect(model.describe()).toBe('current');
    expect(model.version).toBe(2);
  });

  it('a refresh shares every index whose tables did not change', async () => {
    const { store, feed, model } = setUp(true);
    const first = await model.snapshot();
    feed.announce(store.commit());
    await model.settled();
    const second = await model.snapshot();
    expect(second.version).toBe(2);
    expect(second.findingById).toBe(first.findingById);
    expect(second.reportsOfForce).toBe(first.reportsOfForce);
    expect(second.forceBySlug).not.toBe(first.forceBySlug);
  });

  it('a version heard during the first read is read right after it', async () => {
    const { store, feed, model } = setUp(true);
    let open!: () => void;
    store.gate = new Promise((resolve) => (open = resolve));
    const first = model.snapshot();
    while (store.reads === 0) await settle(); // the first read has begun…
    feed.announce(store.commit()); // …when a commit is heard: nothing held yet to refresh
    open();
    store.gate = null;
    await first;
    await settle();
    await settle();
    expect(store.reads).toBe(2); // the first, then one for the version heard meanwhile
    expect(model.version).toBe(2);
  });

  it('hands the refresh read ahead with the newest notification to the next read, once', async () => {
    const { store, feed, model } = setUp(true);
    await model.snapshot();
    feed.announce(store.commit(), 'rows since 1');
    await model.settled();
    expect(model.version).toBe(2);
    await model.refresh();
    expect(store.prefetched).toEqual([undefined, 'rows since 1', undefined]);
  });

  it('does not hand over a refresh read ahead that is older than a version heard since', async () => {
    const { store, feed, model } = setUp(true);
    await model.snapshot();
    let open!: () => void;
    store.gate = new Promise((resolve) => (open = resolve));
    feed.announce(store.commit(), 'rows up to 2'); // a read begins with these…
    feed.announce(store.commit()); // …version 3 is heard meanwhile, with nothing read ahead…
    feed.announce(2, 'rows up to 2 again'); // …and a late one older than what was heard
    open();
    store.gate = null;
    await model.settled();
    expect(store.prefetched).toEqual([undefined, 'rows up to 2', undefined]);
    expect(model.version).toBe(3);
  });

  it('a refresh asked for before any read starts listening too', async () => {
    const { store, feed, model } = setUp(true);
    expect((await model.refresh()).version).toBe(1);
    feed.announce(store.commit());
    await model.settled();
    expect(model.version).toBe(2);
  });

  it('never polls: the feed hears every commit', async () => {
    vi.useFakeTimers();
    try {
      const { store, clock, model } = setUp(true);
      await model.snapshot();
      clock.now += 10 * POLL_EVERY_MS;
      await vi.advanceTimersByTimeAsync(10 * POLL_EVERY_MS);
      expect(store.versionReads).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a background refresh that fails is logged, and settled() refreshes once the database is back', async () => {
    const { store, feed, model, warnings } = setUp(true);
    await model.snapshot();
    store.failing = true;
    feed.announce(store.commit());
    await settle();
    await settle();
    expect(warnings).toEqual(['read model: refresh failed (connection refused); reads refresh themselves']);
    store.failing = false;
    await model.settled();
    expect(model.version).toBe(2);
  });

  it('ignores a version it holds already, and one that is not a version', async () => {
    const { store, feed, clock, model } = setUp(true);
    await model.snapshot();
    const first = await model.snapshot();
    feed.announce(1);
    feed.announce(Number.NaN);
    await settle();
    expect(store.reads).toBe(1);
    clock.now += 10 * STALENESS_BOUND_MS;
    expect(model.snapshot()).toBe(first); // not counted as behind
    expect(model.describe()).toBe('current');
  });

  it('a NOTIFY by hand naming a version never committed costs one read, not freshness', async () => {
    const { store, feed, clock, model } = setUp(true);
    const first = await model.snapshot();
    feed.announce(1_000_000);
    await model.settled();
    expect(store.reads).toBe(2);
    clock.now += 10 * STALENESS_BOUND_MS;
    expect(model.snapshot()).toBe(first);
    expect(model.describe()).toBe('current');
  });

  it('one read serves everyone asking while it runs; asking during it queues exactly one more', async () => {
    const { store, model } = setUp(true);
    await model.snapshot();
    let open!: () => void;
    store.gate = new Promise((resolve) => (open = resolve));
    const a = model.refresh();
    const b = model.refresh();
    const c = model.refresh();
    expect(b).toBe(c);
    expect(a).not.toBe(b);
    store.commit();
    open();
    store.gate = null;
    expect((await a).version).toBe(1); // begun before the commit
    expect((await b).version).toBe(2);
    expect(store.reads).toBe(3);
  });

  it('atLeast waits for the version asked for, and gives up with the newest when it never comes', async () => {
    vi.useFakeTimers();
    try {
      const { store, feed, clock, model } = setUp(true);
      await model.snapshot();
      const later = model.atLeast(3, 400);
      store.commit();
      store.commit();
      await vi.advanceTimersByTimeAsync(60);
      expect((await later).version).toBe(3);

      const never = model.atLeast(10, 400).catch((error: unknown) => error);
      for (let i = 0; i < 10; i++) {
        clock.now += 50;
        await vi.advanceTimersByTimeAsync(50);
      }
      const error = await never;
      // A version already announced is read at once, with no pause.
      feed.announce(store.commit());
      let reached = 0;
      void model.atLeast(4, 400).then((snapshot) => (reached = snapshot.version));
      await vi.advanceTimersByTimeAsync(0);
      expect(reached).toBe(4);
      expect(error).toBeInstanceOf(VersionNotReached);
      expect((error as VersionNotReached).message).toBe('data version 10 was not reached within 400 ms; the newest committed is 3');
      expect(error).toMatchObject({ wanted: 10, newest: 3, waitedMs: 400 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a failed read fails the reads that waited for it, and the next read tries again', async () => {
    const { store, model } = setUp(true);
    store.failing = true;
    await expect(model.snapshot()).rejects.toThrow('connection refused');
    expect(model.describe()).toBe('not loaded');
    store.failing = false;
    expect((await model.snapshot()).version).toBe(1);
  });

  it('settled() waits until the snapshot holds every version heard of', async () => {
    const { store, feed, model } = setUp(true);
    await model.snapshot();
    feed.announce(store.commit());
    feed.announce(store.commit());
    await model.settled();
    expect(model.version).toBe(3);
  });
});

describe('the read model (PostgreSQL: the feed can be lost or deaf, so the version is polled)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a poll that finds the version held confirms the snapshot; without polls it goes stale after the bound', async () => {
    const { store, feed, clock, model } = setUp(false);
    const first = await model.snapshot();
    for (let i = 0; i < 8; i++) {
      clock.now += POLL_EVERY_MS;
      await vi.advanceTimersByTimeAsync(POLL_EVERY_MS);
    }
    expect(store.versionReads).toBeGreaterThanOrEqual(7);
    expect(store.reads).toBe(1); // polls that find nothing new read no tables
    expect(feed.restarts).toEqual([]); // nothing committed, so nothing unannounced
    expect(model.snapshot()).toBe(first);
    expect(model.describe()).toBe('current');
    model.close();
    const polls = store.versionReads;
    clock.now += STALENESS_BOUND_MS + 1;
    await vi.advanceTimersByTimeAsync(10 * POLL_EVERY_MS);
    expect(store.versionReads).toBe(polls); // closed: no more polls
    expect(model.describe()).toMatch(/^stale/);
    expect(model.snapshot()).toBeInstanceOf(Promise);
  });

  it('a poll that finds a newer version refreshes; one the feed never announced restarts the feed at the next poll', async () => {
    const { store, feed, clock, model, warnings } = setUp(false);
    await model.snapshot();
    store.commit(); // committed, never announced: a deaf feed
    clock.now += POLL_EVERY_MS;
    await vi.advanceTimersByTimeAsync(POLL_EVERY_MS);
    expect(model.version).toBe(2);
    expect(feed.restarts).toEqual([]);
    clock.now += POLL_EVERY_MS;
    await vi.advanceTimersByTimeAsync(POLL_EVERY_MS);
    expect(feed.restarts).toEqual([`version 2 committed but not announced within ${POLL_EVERY_MS} ms`]);
    // Announced in time: no restart.
    feed.announce(store.commit());
    clock.now += 2 * POLL_EVERY_MS;
    await vi.advanceTimersByTimeAsync(2 * POLL_EVERY_MS);
    expect(feed.restarts).toHaveLength(1);
    // Announced late (after a poll saw it first), then another commit seen first by a poll: still no restart.
    const late = store.commit();
    clock.now += POLL_EVERY_MS;
    await vi.advanceTimersByTimeAsync(POLL_EVERY_MS);
    feed.announce(late);
    store.commit();
    clock.now += POLL_EVERY_MS;
    await vi.advanceTimersByTimeAsync(POLL_EVERY_MS);
    expect(feed.restarts).toHaveLength(1);
    // A feed known to be down is not restarted here (it reconnects by itself).
    feed.live = false;
    store.commit();
    for (let i = 0; i < 3; i++) {
      clock.now += POLL_EVERY_MS;
      await vi.advanceTimersByTimeAsync(POLL_EVERY_MS);
    }
    expect(feed.restarts).toHaveLength(1);
    expect(warnings).toEqual([]);
    model.close();
  });

  it('after the feed is lost and back, versions committed meanwhile are not held against it', async () => {
    const { store, feed, clock, model, warnings } = setUp(false);
    await model.snapshot();
    feed.live = false;
    feed.listener!({ kind: 'lost', reason: 'connection ended' });
    expect(warnings).toEqual([
      `read model: change feed lost (connection ended); polling the data version every ${POLL_EVERY_MS} ms until it resumes`,
    ]);
    expect(model.describe()).toBe(`current (change feed down: the data version is polled every ${POLL_EVERY_MS} ms)`);
    store.commit();
    feed.live = true;
    feed.listener!({ kind: 'resumed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(model.version).toBe(2); // refreshed on resuming, before any poll
    for (let i = 0; i < 4; i++) {
      clock.now += POLL_EVERY_MS;
      await vi.advanceTimersByTimeAsync(POLL_EVERY_MS);
    }
    expect(model.version).toBe(2);
    expect(feed.restarts).toEqual([]);
    expect(model.describe()).toBe('current');
    model.close();
  });

  it('a poll that finds the database ahead but cannot read it does not confirm the snapshot', async () => {
    const { store, clock, model } = setUp(false);
    await model.snapshot();
    store.commit();
    store.failing = true;
    const failingRead = store.read.bind(store);
    store.read = async (previous) => failingRead(previous);
    store.version = async () => (store.versionReads++, store.committed); // the version answers; the tables do not
    for (let i = 0; i < 5; i++) {
      clock.now += POLL_EVERY_MS;
      await vi.advanceTimersByTimeAsync(POLL_EVERY_MS);
    }
    expect(model.version).toBe(1);
    expect(model.describe()).toMatch(/^stale/);
    model.close();
  });

  it('a failed poll is logged and polling goes on; old change-log entries are pruned once a minute', async () => {
    const { store, clock, model, warnings } = setUp(false);
    await model.snapshot();
    store.failing = true;
    clock.now += POLL_EVERY_MS;
    await vi.advanceTimersByTimeAsync(POLL_EVERY_MS);
    expect(warnings).toEqual(['read model: could not poll the data version (connection refused)']);
    store.failing = false;
    for (let i = 0; i < 4; i++) {
      clock.now += POLL_EVERY_MS;
      await vi.advanceTimersByTimeAsync(POLL_EVERY_MS);
    }
    expect(store.prunes).toBe(1);
    clock.now += 60_000;
    await vi.advanceTimersByTimeAsync(POLL_EVERY_MS);
    expect(store.prunes).toBe(2);
    model.close();
  });
});
