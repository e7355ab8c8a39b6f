// The HTTP surface: health and readiness, GraphiQL with the contract examples, graceful shutdown,
// and a restart that keeps the data without loading it twice.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/db/target.js';
import { prepareDatabase } from '../src/startup/prepare.js';
import { listen } from '../src/http/server.js';
import { createApp } from '../src/http/yoga.js';
import { createTestDatabase, createTestTarget, type TestDatabase } from './helpers/database.js';
import { operationFile } from './helpers/graphql.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('health and GraphiQL', () => {
  it('answers /healthz and /readyz while the database answers', async () => {
    const app = createApp({ database });
    expect((await app.fetch('http://test/healthz')).status).toBe(200);
    expect((await app.fetch('http://test/readyz')).status).toBe(200);
  });

  it('runs on the Node the project pins, and /readyz names it', async () => {
    // npm test puts node_modules/.bin first on PATH, so vitest runs on the `node` dependency's binary.
    const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies.node).toMatch(/^26\.\d+\.\d+$/);
    const ready = (await (await createApp({ database }).fetch('http://test/readyz')).json()) as { node: string };
    expect(ready.node).toBe(`v${manifest.dependencies.node}`);
  });

  it('reports not ready, with a reason, when the database does not answer', async () => {
    const broken = { ...database, ping: () => Promise.reject(new Error('connection refused')) };
    const response = await createApp({ database: broken }).fetch('http://test/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      ready: false,
      status: 'not ready',
      database: 'down',
      cache: 'up',
      readModel: 'not loaded',
      dataVersion: 0,
      node: process.version,
      reason: 'database does not answer',
    });
  });

  it('serves GraphiQL at /graphql with the contract operations as tabs, ForceReport first', async () => {
    const response = await createApp({ database }).fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>peel-graphql</title>');
    const tabs = html.indexOf('defaultTabs');
    expect(tabs).toBeGreaterThan(-1);
    expect(html.indexOf('query ForceReport', tabs)).toBeLessThan(html.indexOf('query Forces', tabs));
  });
});

describe('the listening server', () => {
  it('finishes a request in flight when asked to shut down, then refuses new connections', async () => {
    const target = await createTestTarget();
    const { database: own } = await prepareDatabase(target.target);
    const running = await listen(createApp({ database: own }), own, 0, '127.0.0.1');
    try {
      // Shut down the moment the server has the request, while it is still being answered.
      let closing: Promise<void> | undefined;
      running.server.once('request', () => {
        closing = running.close();
      });
      const response = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: operationFile('report.graphql'), operationName: 'ForceReport' }),
      });
      expect(closing).toBeDefined();
      expect(response.status).toBe(200);
      expect((await response.json()).data.report.grade).toBe('REQUIRES_IMPROVEMENT');
      await closing;
      await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    } finally {
      await running.close();
      await target.drop();
    }
  });
});

describe('shutdown under kept-alive connections', () => {
  it('answers every request sent on 64 kept-alive connections as shutdown begins, with Connection: close; resets none', async () => {
    const target = await createTestTarget();
    const { database: own } = await prepareDatabase(target.target);
    const running = await listen(createApp({ database: own }), own, 0, '127.0.0.1');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const get = () =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const request = http.get(`${running.url}/healthz`, { agent }, (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode!, connection: response.headers.connection }));
        });
        request.on('error', reject);
      });
    try {
      // 64 connections, each kept alive after its first answer.
      const warm = await Promise.all(Array.from({ length: 64 }, get));
      expect(warm.every((r) => r.status === 200 && r.connection === 'keep-alive')).toBe(true);
      expect(Object.values(agent.freeSockets).flat()).toHaveLength(64);
      // 64 more on those connections, and shutdown the moment they are sent.
      const sent = Array.from({ length: 64 }, get);
      const closing = running.close();
      const settled = await Promise.allSettled(sent);
      const failures = settled.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
      expect(failures).toEqual([]);
      const answers = settled.map((r) => (r as PromiseFulfilledResult<{ status: number; connection: string | undefined }>).value);
      expect(answers.every((r) => r.status === 200)).toBe(true);
      expect(answers.every((r) => r.connection === 'close')).toBe(true);
      await closing;
      await expect(get()).rejects.toThrow(); // the listener is closed now
    } finally {
      agent.destroy();
      await running.close();
      await target.drop();
    }
  });
});

describe('restart', () => {
  it('keeps the data and loads nothing twice', async () => {
    const { target, drop } = await createTestTarget({ persistent: true });
    try {
      const first = await prepareDatabase(target);
      expect(first.seeded?.reports).toEqual([{ file: 'cambridgeshire-peel-2017-effectiveness.txt', outcome: 'created' }]);
      const before = await first.database.db.query.findings.findMany({ columns: { id: true } });
      await first.database.close();

      const second = await prepareDatabase(target);
      expect(second.seeded).toBeNull();
      expect(await second.database.db.query.findings.findMany({ columns: { id: true } })).toEqual(before);
      expect(await second.database.db.query.forces.findMany({ columns: { id: true } })).toHaveLength(43);
      await second.database.close();
    } finally {
      await drop();
    }
  });
});
