// Logs and metrics: one JSON line per request with its id, operation, status, duration and SQL
// statements, never a token or a variable; Prometheus metrics at /metrics.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/http/yoga.js';
import { requestContext } from '../src/db/request-context.js';
import { seededApi } from './helpers/graphql.js';

const api = seededApi();

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, log: pino({ level: 'info' }, stream) };
}

describe('request logs', () => {
  it('log the request id, operation, status, duration and statement count, and nothing secret', async () => {
    const { lines, log } = capture();
    const app = createApp({ database: api.database, log, apiToken: 'observability-token-123456' });
    // The server runs each request in a context like this one (see http/server.ts).
    const facts = { requestId: 'req-42', statements: 0 };
    const response = await requestContext.run(facts, async () => {
      const result = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer secret-token-do-not-log' },
        body: JSON.stringify({
          query: 'query ForceName($slug: String!) { force(slug: $slug) { name } }',
          variables: { slug: 'essex', note: 'secret-variable-do-not-log' },
        }),
      });
      return result;
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-42');
    await new Promise((resolve) => setImmediate(resolve));
    const line = lines.find((l) => l.msg === 'request')!;
    expect(line).toMatchObject({ requestId: 'req-42', method: 'POST', path: '/graphql', operation: 'ForceName', status: 200 });
    expect(typeof line.durationMs).toBe('number');
    expect(line.statements).toBe(1);
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain('secret-token-do-not-log');
    expect(everything).not.toContain('secret-variable-do-not-log');
    expect(everything).not.toContain('observability-token');
  });
});

describe('/metrics', () => {
  it('counts requests by route and status, latency, and GraphQL errors', async () => {
    const app = createApp({ database: api.database });
    await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ force(slug: "essex") { name } }' }),
    });
    await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Broken { inspectionYear { label } }' }),
    });
    const response = await app.fetch('http://test/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('peel_http_requests_total{route="/graphql",status="200"} 2');
    // Not a shipped operation's name: counted as "other", so clients cannot grow the label set.
    expect(text).toContain('peel_graphql_errors_total{operation="other"} 1');
    expect(text).toMatch(/peel_http_request_duration_seconds_count\{route="\/graphql"\} 2/);
    expect(text).toContain('peel_process_resident_memory_bytes');
  });
});
