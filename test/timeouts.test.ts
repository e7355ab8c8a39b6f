// Time limits over a real socket (the deadline rides on the request's context): the execution
// deadline answers 503 and stops the work, on both drivers; on PostgreSQL, a statement stuck behind
// a lock is cancelled at the deadline, statement_timeout and the pool wait answer 503 DATABASE_BUSY,
// and shutdown does not wait for ever on a request that hangs.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createYoga } from 'graphql-yoga';
import { prepareDatabase } from '../src/startup/prepare.js';
import type { DatabaseHandle } from '../src/db/connect.js';
import { schema } from '../src/graphql/schema.js';
import { listen, type RunningServer } from '../src/http/server.js';
import { createApp } from '../src/http/yoga.js';
import { ReadModel } from '../src/queries/read-model.js';
import { DEFAULT_LIMITS, type Limits } from '../src/domain/limits.js';
import { RequestStatementCounter } from '../src/db/request-context.js';
import { backend, createTestTarget } from './helpers/database.js';
import { operationFile } from './helpers/graphql.js';

let database: DatabaseHandle;
let url: string | undefined;
let drop: () => Promise<void>;
const servers: RunningServer[] = [];
beforeAll(async () => {
  const created = await createTestTarget();
  drop = created.drop;
  url = created.target.kind === 'postgres' ? created.target.url : undefined;
  // As serve.ts opens it: the statement counter that also enforces deadlines, the timeouts given per test below.
  ({ database } = await prepareDatabase(created.target, {
    logger: new RequestStatementCounter(),
    statementTimeoutMs: 400,
    poolWaitMs: 300,
    poolSize: 2,
  }));
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await database?.close();
  await drop?.();
});

async function serve(limits: Partial<Limits>, readModel?: ReadModel) {
  const running = await listen(
    createApp({ database, limits: { ...DEFAULT_LIMITS, ...limits }, readModel }),
    { ...database, close: async () => {} },
    0,
    '127.0.0.1',
    { shutdownTimeoutMs: 500 },
  );
  servers.push(running);
  return running;
}

const ask = async (running: RunningServer, query: string, variables: Record<string, unknown> = {}, operationName?: string) => {
  const started = performance.now();
  const response = await fetch(`${running.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as any,
    ms: performance.now() - started,
  };
};

describe('the execution deadline', () => {
  it('answers 503 EXECUTION_TIMEOUT once a request runs past it', async () => {
    // A read model whose first load takes 50 ms: the request is still running at its 1 ms deadline
    // (served from memory, a request can finish in less than the event loop takes to run the timer).
    const slowStart = new ReadModel({
      db: database.db,
      changes: () => new Promise((resolve) => setTimeout(resolve, 50)).then(() => database.changes()),
    });
    const running = await serve({ executionTimeoutMs: 1 }, slowStart);
    const forces = (await ask(await serve({}), '{ forces(first: 100) { nodes { slug } } }')).body.data.forces.nodes.map(
      (f: { slug: string }) => f.slug,
    );
    const answer = await ask(running, operationFile('compare.graphql'), { forces }, 'Compare');
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBe('5');
    expect(answer.body.errors[0].extensions.code).toBe('EXECUTION_TIMEOUT');
    // A generous deadline lets the same request through.
    expect((await ask(await serve({}), operationFile('compare.graphql'), { forces }, 'Compare')).status).toBe(200);
  });
});

describe.runIf(backend === 'postgres')('PostgreSQL time limits, with a table locked', () => {
  let locker: pg.Client;
  beforeAll(async () => {
    locker = new pg.Client({ connectionString: url });
    await locker.connect();
  });
  afterAll(() => locker?.end());
  const lock = () => locker.query('begin; lock table forces in access exclusive mode');
  const unlock = () => locker.query('rollback');
  const waitingOnLock = async () =>
    Number(
      (
        await locker.query(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        )
      ).rows[0].n,
    );

  it('statement_timeout answers 503 DATABASE_BUSY with Retry-After', async () => {
    const running = await serve({});
    await lock();
    try {
      const answer = await ask(running, '{ force(slug: "essex") { name } }');
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('2');
      expect(answer.body.errors[0].extensions.code).toBe('DATABASE_BUSY');
      expect(answer.ms).toBeLessThan(5000);
    } finally {
      await unlock();
    }
  });

  it('the deadline cancels the statement itself, not only the wait for it', async () => {
    // A statement_timeout far beyond the deadline: only the cancel can stop the statement in time.
    const { database: patient } = await prepareDatabase(
      { kind: 'postgres', url: url! },
      { logger: new RequestStatementCounter(), statementTimeoutMs: 60_000 },
    );
    // Loaded before the lock, as serve.ts loads it before it listens: its reads are shared, not the request's.
    const readModel = new ReadModel(patient);
    await readModel.snapshot();
    const running = await listen(
      createApp({ database: patient, limits: { ...DEFAULT_LIMITS, executionTimeoutMs: 300 }, readModel }),
      patient,
      0,
      '127.0.0.1',
    );
    await lock();
    try {
      const answer = await ask(running, '{ force(slug: "essex") { name } }');
      expect(answer.status).toBe(503);
      expect(answer.body.errors[0].extensions.code).toBe('EXECUTION_TIMEOUT');
      let waiting = await waitingOnLock();
      for (let i = 0; i < 20 && waiting > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        waiting = await waitingOnLock();
      }
      expect(waiting).toBe(0);
    } finally {
      await unlock();
      readModel.close();
      await running.close();
    }
  });

  it('a request that cannot get a pooled connection in time answers 503 DATABASE_BUSY', async () => {
    const running = await serve({});
    await lock();
    try {
      // Two requests hold both connections (waiting on the lock); the third waits for the pool.
      const stuck = [ask(running, '{ force(slug: "essex") { name } }'), ask(running, '{ force(slug: "kent") { name } }')];
      await new Promise((resolve) => setTimeout(resolve, 50));
      const third = await ask(running, '{ inspectionYears { label } }');
      expect(third.status).toBe(503);
      expect(third.body.errors[0].extensions.code).toBe('DATABASE_BUSY');
      await Promise.all(stuck);
    } finally {
      await unlock();
    }
  });
});

describe('shutdown', () => {
  it('finishes within SHUTDOWN_TIMEOUT_MS even while a request hangs', async () => {
    const hanging = createYoga({
      schema,
      plugins: [{ onRequest: ({ endResponse }) => endResponse(new Response(new ReadableStream({ pull: () => new Promise(() => {}) }))) }],
    });
    const running = await listen(hanging as never, { ...database, close: async () => {} }, 0, '127.0.0.1', { shutdownTimeoutMs: 300 });
    const controller = new AbortController();
    const pending = fetch(`${running.url}/anything`, { signal: controller.signal })
      .then((r) => r.text())
      .catch(() => 'cut');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await running.close();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await pending).toBe('cut');
  });
});
