// What a browser meets: CORS answers for the allowed origins, CSRF prevention for simple POSTs.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { createApp } from '../src/http/yoga.js';
import { seededApi } from './helpers/graphql.js';

const api = seededApi();

describe('CORS', () => {
  it('lets any origin read by default, and says which headers it may send', async () => {
    const response = await api.app.fetch('http://test/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://analyst.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(response.status).toBe(204);
    // Any origin: a literal *, never the caller's origin echoed back with credentials allowed.
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    // A front end reads its own write: it sends X-Min-Data-Version and can read X-Data-Version.
    expect(response.headers.get('access-control-allow-headers')).toContain('x-min-data-version');
    const read = await api.app.fetch('http://test/graphql?query=%7B__typename%7D', {
      headers: { origin: 'https://evil.example', accept: 'application/json' },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();
    expect(read.headers.get('access-control-expose-headers')).toContain('etag');
    expect(read.headers.get('access-control-expose-headers')).toContain('x-data-version');
    expect(Number(read.headers.get('x-data-version'))).toBeGreaterThan(0);
  });

  it('allows only the configured origins', async () => {
    const app = createApp({ database: api.database, corsOrigins: ['https://peel.example'] });
    const preflight = (origin: string) =>
      Promise.resolve(
        app.fetch('http://test/graphql', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } }),
      );
    const allowed = await preflight('https://peel.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://peel.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    // Another origin is not granted (the browser then blocks the response).
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    expect(readConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(() => readConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow('CORS_ORIGINS entries must be origins');
  });
});

describe('CSRF prevention', () => {
  const query = JSON.stringify({ query: '{ force(slug: "essex") { name } }' });

  it('refuses a POST a form could send, unless it carries the CSRF header', async () => {
    const simple = await api.app.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: query });
    expect(simple.status).toBe(403);
    expect(((await simple.json()) as any).errors[0].message).toBe('Required CSRF header(s) not present');
    const withHeader = await api.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
      body: query,
    });
    expect(withHeader.status).toBe(200);
  });

  it('lets JSON POSTs and GET queries through', async () => {
    const json = await api.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: query,
    });
    expect(((await json.json()) as any).data.force.name).toBe('Essex Police');
    const get = await api.app.fetch(`http://test/graphql?query=${encodeURIComponent('{ force(slug: "essex") { name } }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(((await get.json()) as any).data.force.name).toBe('Essex Police');
  });
});
