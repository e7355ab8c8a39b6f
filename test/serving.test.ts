// HTTP caching of GET queries (ETag, 304, Cache-Control) and persisted operations.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { readDataVersion } from '../src/queries/snapshot-tables.js';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { createApp } from '../src/http/yoga.js';
import { operationFile, seededApi } from './helpers/graphql.js';

const api = seededApi({ cacheTtlMs: 60_000 });

describe('GET queries', () => {
  it('carry an ETag and Cache-Control, and answer 304 when unchanged', async () => {
    const url = `http://test/graphql?query=${encodeURIComponent('{ force(slug: "essex") { id name } }')}`;
    const first = await api.app.fetch(url, { headers: { accept: 'application/json' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const etag = first.headers.get('etag');
    // The cache key: the data version the answer was read at, and a digest of the request.
    expect(etag).toMatch(/^v\d+:[0-9a-f]{64}$/);
    const again = await api.app.fetch(url, { headers: { accept: 'application/json', 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('answer a changed result, not 304, once the data changed, though the old answer is still cached', async () => {
    const url = `http://test/graphql?query=${encodeURIComponent('{ report(force: "essex", year: 2017, pillar: EFFECTIVENESS) { force { shortName } } }')}`;
    const first = await api.app.fetch(url, { headers: { accept: 'application/json' } });
    const etag = first.headers.get('etag')!;
    await api.database.db.execute(sql`update forces set short_name = 'Essex (renamed)' where slug = 'essex'`);
    await api.readModel.atLeast(await readDataVersion(api.database.db), 5_000);
    const after = await api.app.fetch(url, { headers: { accept: 'application/json', 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(((await after.json()) as any).data.report.force.shortName).toBe('Essex (renamed)');
    expect(after.headers.get('etag')).not.toBe(etag);
    await api.database.db.execute(sql`update forces set short_name = 'Essex' where slug = 'essex'`);
  });
});

describe('persisted operations', () => {
  const document = operationFile('report.graphql');
  const hash = createHash('sha256').update(document).digest('hex');
  const byHash = { extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, operationName: 'ForceReport' };
  const post = (app: ReturnType<typeof createApp>, body: unknown) =>
    Promise.resolve(
      app.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    ).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('with PERSISTED_OPERATIONS=only, run the shipped operations by hash and nothing else', async () => {
    const app = createApp({ database: api.database, persistedOperations: 'only', cacheTtlMs: 0 });
    const ok = await post(app, byHash);
    expect(ok.body.data.report.grade).toBe('REQUIRES_IMPROVEMENT');
    const arbitrary = await post(app, { query: '{ forces { totalCount } }' });
    expect(arbitrary.body.errors[0].message).toBe('PersistedQueryOnly');
    const unknown = await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });
    expect(unknown.body.errors[0].message).toBe('PersistedQueryNotFound');
  });

  it('with allow, accept hashes and documents alike', async () => {
    const app = createApp({ database: api.database, persistedOperations: 'allow', cacheTtlMs: 0 });
    expect((await post(app, byHash)).body.data.report.grade).toBe('REQUIRES_IMPROVEMENT');
    expect((await post(app, { query: '{ forces { totalCount } }' })).body.data.forces.totalCount).toBe(43);
    expect(() => readConfig({ PERSISTED_OPERATIONS: 'sometimes' })).toThrow(
      'PERSISTED_OPERATIONS must be one of off, allow, only, got "sometimes"',
    );
  });
});
