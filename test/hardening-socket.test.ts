// What only a real socket shows: a streamed export failing half-way (the Node adapter's streaming,
// which yoga.fetch does not go through, used to take the process down), a chunked body past
// MAX_BODY_BYTES, and shutdown with a request still hanging.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createYoga } from 'graphql-yoga';
import { pino } from 'pino';
import { streamedExport } from '../src/http/exports.js';
import { listen, type RunningServer } from '../src/http/server.js';
import { createApp } from '../src/http/yoga.js';
import { schema } from '../src/graphql/schema.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let database: TestDatabase;
let running: RunningServer;
beforeAll(async () => {
  database = await createTestDatabase();
  running = await listen(createApp({ database }), { ...database, close: async () => {} }, 0, '127.0.0.1');
});
afterAll(async () => {
  await running?.close();
  await database?.close();
});

describe('streamed exports', () => {
  it('answers a NUL byte in a filter with 400 over a real socket, and keeps serving', async () => {
    for (const path of [
      '/export/grades.csv?force=kent%00',
      '/export/grades.ndjson?theme=a%00',
      '/export/areas-for-improvement.csv?question=q%00',
    ]) {
      const response = await fetch(`${running.url}${path}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'nul-byte' });
    }
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });

  it('cuts the response short when a later page fails, logs it, and the process stays up', async () => {
    const logged: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
    async function* pages() {
      yield [{ force: 'essex', grade: 'good' }];
      throw Object.assign(new Error('Failed query: select 1\nparams: secret-search-text'), { code: '22021' });
    }
    const failing = createYoga({
      schema,
      plugins: [
        {
          onRequest: async ({ endResponse, serverContext }) =>
            endResponse(
              await streamedExport(pages(), 'csv', ['force', 'grade'], 'x.csv', log, () => {
                const res = (serverContext as unknown as { res: { destroy(): void } }).res;
                setImmediate(() => res.destroy());
                return true;
              }),
            ),
        },
      ],
    });
    const server = await listen(failing as never, { ...database, close: async () => {} }, 0, '127.0.0.1');
    try {
      const outcome = await new Promise<{ status: number; body: string; error?: string }>((resolve) => {
        const req = httpRequest(`${server.url}/export/x.csv`, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body, error: res.complete ? undefined : 'incomplete' }));
          res.on('error', (error) => resolve({ status: res.statusCode!, body, error: error.message }));
          res.on('aborted', () => resolve({ status: res.statusCode!, body, error: 'aborted' }));
        });
        req.on('error', (error) => resolve({ status: 0, body: '', error: error.message }));
        req.end();
      });
      expect(outcome.status).toBe(200);
      expect(outcome.body.startsWith('force,grade\r\nessex,GOOD\r\n')).toBe(true);
      // The transfer is cut, never ended as if the file were whole.
      expect(outcome.error).toBeDefined();
      expect(logged.join('')).toContain('export failed mid-stream');
      expect(logged.join('')).not.toContain('secret-search-text');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('request bodies', () => {
  it('refuses a 16 MB chunked body (no Content-Length) with 413 once it passes MAX_READ_BODY_BYTES', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${running.url}/graphql`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      req.write('{"query":"{ __typename }","variables":{"x":"');
      let sent = 0;
      const pump = () => {
        while (sent < 16) {
          sent++;
          if (!req.write(chunk)) return req.once('drain', pump);
        }
        req.end('"}}');
      };
      pump();
    });
    expect(status).toBe(413);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });
});
