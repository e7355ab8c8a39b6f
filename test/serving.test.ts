// HTTP caching of GET queries (ETag, 304, Cache-Control) and persisted operations.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { readDataVersion } from '../src/queries/snapshot-tables.js';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { createApp } from '../src/http/yoga.js';
import { readPersistedManifests } from '../src/http/persisted-operations.js';
import { schema } from '../src/graphql/schema.js';
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
    expect(arbitrary.status).toBe(403);
    expect(arbitrary.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    expect(arbitrary.body.errors[0].message).toContain("send the document's hash as extensions.persistedQuery.sha256Hash");
    const unknown = await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // A long "hash" (as long as a body may be) is looked up and refused like any other, and only its start is repeated back.
    const huge = await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(60_000) } } });
    expect(huge.status).toBe(404);
    expect(JSON.stringify(huge.body).length).toBeLessThan(1_000);
    const neither = await post(app, { variables: {} });
    expect(neither.status).toBe(400);
    expect(neither.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
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

describe('trusted documents from a manifest (PERSISTED_OPERATIONS_MANIFESTS)', () => {
  // The typed-client example's manifest, as npm run codegen writes it.
  const manifestFile = path.join(import.meta.dirname, '..', 'examples', 'typed-client', 'gql', 'persisted-documents.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>;
  const [hash] = Object.entries(manifest).find(([, document]) => document.startsWith('query ForceComparison('))!;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'peel-manifest-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const written = (name: string, text: string) => {
    const file = path.join(folder, name);
    writeFileSync(file, text);
    return file;
  };
  const post = (app: ReturnType<typeof createApp>, body: unknown) =>
    Promise.resolve(
      app.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    ).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('holds sha256 hex keys of the documents they name', () => {
    for (const [key, document] of Object.entries(manifest)) expect(createHash('sha256').update(document).digest('hex')).toBe(key);
  });

  it("runs a front end's document by its hash under PERSISTED_OPERATIONS=only, and refuses its text", async () => {
    const trustedDocuments = readPersistedManifests([manifestFile], schema);
    const app = createApp({ database: api.database, persistedOperations: 'only', cacheTtlMs: 0, trustedDocuments });
    const variables = { force: 'cambridgeshire', year: 2017, pillar: 'EFFECTIVENESS' };
    const ok = await post(app, { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(ok.status).toBe(200);
    const [headline, preventing] = ok.body.data.compare.rows;
    // HMICFRS, PEEL 2017 effectiveness, Cambridgeshire: requires improvement overall, good at preventing crime.
    expect(headline.question.text).toBe('How effective is the force at keeping people safe and reducing crime?');
    expect(headline.cells[0].grade).toBe('REQUIRES_IMPROVEMENT');
    expect(preventing.cells[0].grade).toBe('GOOD');
    const raw = await post(app, { query: manifest[hash], variables });
    expect(raw.status).toBe(403);
    expect(raw.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    // The shipped operations stay trusted beside the manifest.
    const shipped = createHash('sha256').update(operationFile('report.graphql')).digest('hex');
    const report = await post(app, { operationName: 'ForceReport', extensions: { persistedQuery: { version: 1, sha256Hash: shipped } } });
    expect(report.body.data.report.grade).toBe('REQUIRES_IMPROVEMENT');
  });

  it('stop start-up with one line naming the file and what is wrong', () => {
    const refusal = (text: string) => {
      const file = written(`m${Math.random()}.json`, text);
      try {
        readPersistedManifests([file], schema);
      } catch (error) {
        expect((error as Error).message).not.toContain('\n');
        return (error as Error).message.replace(file, 'FILE');
      }
      throw new Error('accepted');
    };
    expect(refusal('{"abc": "query {"}')).toMatch(
      /^PERSISTED_OPERATIONS_MANIFESTS: FILE: entry abc: its document does not parse: Syntax Error/,
    );
    expect(refusal('{"abc')).toMatch(/^PERSISTED_OPERATIONS_MANIFESTS: FILE: is not JSON \(/);
    expect(refusal('["query { forces { totalCount } }"]')).toBe(
      'PERSISTED_OPERATIONS_MANIFESTS: FILE: must be a JSON object of hash → document, as the client preset writes persisted-documents.json',
    );
    expect(refusal('{}')).toBe('PERSISTED_OPERATIONS_MANIFESTS: FILE: holds no documents');
    expect(refusal('{"abc": "{ forces { nope } }"}')).toBe(
      'PERSISTED_OPERATIONS_MANIFESTS: FILE: entry abc: its document does not validate against the schema: Cannot query field "nope" on type "ForceConnection". Did you mean "nodes"?',
    );
    expect(refusal('{"abc": 7}')).toBe('PERSISTED_OPERATIONS_MANIFESTS: FILE: entry abc: its document is number, not a string');
    expect(refusal('{"a b\\u0000": "{ forces { totalCount } }"}')).toContain('key "a b\\u0000" is not a hash');
    expect(() => readPersistedManifests([path.join(folder, 'missing.json')], schema)).toThrow(/missing\.json: cannot be read \(ENOENT/);
    const one = written('one.json', '{"abc": "{ forces { totalCount } }"}');
    const other = written('other.json', '{"abc": "{ forces { nodes { slug } } }"}');
    expect(() => readPersistedManifests([one, other], schema)).toThrow('entry abc: another manifest gives this hash another document');
    expect(readPersistedManifests([one, one], schema).size).toBe(1);
    expect(() => readConfig({ PERSISTED_OPERATIONS_MANIFESTS: one })).toThrow(
      'PERSISTED_OPERATIONS_MANIFESTS is set but PERSISTED_OPERATIONS is off: set it to only (or allow)',
    );
    expect(
      readConfig({ PERSISTED_OPERATIONS: 'only', PERSISTED_OPERATIONS_MANIFESTS: ` ${one}, ,${other}` }).persistedOperationManifests,
    ).toEqual([one, other]);
  });
});
