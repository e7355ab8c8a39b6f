// A disk that fills under a write: the database refuses it with disk_full (SQLSTATE 53100), the
// transaction rolls back, and the client gets a clear, retryable 503 STORAGE_FULL, not a 200 with
// INTERNAL_SERVER_ERROR. The disk is filled by a trigger that raises what PostgreSQL raises when a
// file cannot be extended ("could not extend file …: No space left on device", 53100).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/yoga.js';
import { projectRoot } from '../src/db/target.js';
import { readDataVersion } from '../src/queries/snapshot-tables.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const TOKEN = 'storage-full-token-0123456789';
const page = readFileSync(path.join(projectRoot, 'fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt'), 'utf8');

describe('a full disk under an import', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.execute(sql`
      create function peel_test_disk_full() returns trigger language plpgsql as $$
      begin
        raise exception 'could not extend file "base/16384/16999": No space left on device' using errcode = 'disk_full';
      end $$`);
    await database.db.execute(sql`
      create trigger peel_test_disk_full before insert on report_revisions for each row execute function peel_test_disk_full()`);
  });
  afterAll(() => database?.close());

  it('answers 503 STORAGE_FULL with Retry-After, and keeps nothing of the write', async () => {
    const app = createApp({ database, apiToken: TOKEN });
    const count = async (table: string) =>
      Number(
        ((await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0]!
          .n,
      );
    const before = {
      version: await readDataVersion(database.db),
      revisions: await count('report_revisions'),
      blocks: await count('content_blocks'),
    };
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        query: 'mutation($text: String!) { importReport(input: { text: $text }) { __typename } }',
        variables: { text: page.replace('Last updated 22/03/2018', 'Last updated 23/03/2018') },
      }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('60');
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.extensions.code).toBe('STORAGE_FULL');
    expect(body.errors[0]!.message).toBe('the database has no space left to write; nothing of this request was kept; retry later');
    expect({
      version: await readDataVersion(database.db),
      revisions: await count('report_revisions'),
      blocks: await count('content_blocks'),
    }).toEqual(before);
  });
});
