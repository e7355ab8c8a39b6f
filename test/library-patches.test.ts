// What the pg client extension (db/prepared-client.ts, with its cancel in db/library-patches.ts)
// must keep doing, asserted as behaviour so that a release changing the internals they rely on fails
// here: a text run again and again becomes a named prepared statement on PostgreSQL.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase, type TestDatabase } from './helpers/database.js';

describe.skipIf(backend !== 'postgres')('on PostgreSQL, a repeated text', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ seed: false });
  });
  afterAll(() => database?.close());

  it('runs as a named prepared statement once seen often enough, on the connection that runs it', async () => {
    const prepared = await database.db.transaction(async (tx) => {
      // One transaction is one connection, so the statement it prepares is visible to the last query.
      for (let i = 0; i < 5; i++) await tx.execute(sql`select count(*)::int as n from forces where slug <> ${'library-patch-probe'}`);
      const rows = (await tx.execute(sql`select name, statement from pg_prepared_statements`)) as {
        rows: { name: string; statement: string }[];
      };
      return rows.rows;
    });
    const probe = prepared.filter(
      (row) => row.statement.includes('library-patch-probe') || row.statement.includes('from forces where slug <>'),
    );
    expect(probe).toHaveLength(1);
    expect(probe[0]!.name).toMatch(/^peel_[0-9a-f]{20}$/);
  });

  it('is left unnamed while it is still rare (one-off texts never fill a connection)', async () => {
    const prepared = await database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 + ${41}::int as once`);
      const rows = (await tx.execute(sql`select statement from pg_prepared_statements`)) as { rows: { statement: string }[] };
      return rows.rows.filter((row) => row.statement.includes('as once'));
    });
    expect(prepared).toEqual([]);
  });
});
