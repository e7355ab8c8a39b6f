// Embedded PGlite on a thread of its own (src/db/pglite-thread.ts, src/pglite-worker.ts): what the
// server's thread asks is answered as PGlite on this thread would answer it (statements,
// transactions, errors with their SQLSTATE), writes run there whole, each commit's snapshot refresh
// comes read ahead with its notification, and a thread that has stopped answers an outage at once.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskRunnerOf } from '../src/db/thread-tasks.js';
import { sqlStateOf } from '../src/db/sql-state.js';
import { ImportError } from '../src/domain/import-errors.js';
import { importReport } from '../src/ingest/import-report.js';
import { deleteReportPage } from '../src/ingest/delete-report.js';
import { isDatabaseOutage } from '../src/db/sql-state.js';
import { ReadModel } from '../src/queries/read-model.js';
import { readDataVersion } from '../src/queries/snapshot-tables.js';
import { prepareDatabase } from '../src/startup/prepare.js';
import { backend, createTestDatabase, type TestDatabase } from './helpers/database.js';

const seed = readFileSync(new URL('../fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt', import.meta.url), 'utf8');
/** The seed page with another "Last updated" date: an update of the same report. */
const dated = (day: number) => seed.replace('Last updated 22/03/2018', `Last updated ${day}/03/2018`);

let database: TestDatabase;
const rows = async <T>(query: ReturnType<typeof sql>) => ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
const shortName = async () =>
  (await rows<{ short_name: string }>(sql`select short_name from forces where slug = 'cambridgeshire'`))[0]!.short_name;

describe.skipIf(backend === 'postgres')('embedded PGlite on its own thread', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('runs a write whole on the thread, and still counts every statement it sent as sent from here', async () => {
    expect(taskRunnerOf(database.db)).toBeTypeOf('function');
    const revisions = async () => (await rows<{ count: number }>(sql`select count(*)::int as count from report_revisions`))[0]!.count;
    const before = await revisions();
    const { result, statements } = await database.log.capture(() => importReport(database.db, { text: dated(10), sourceUrl: null }));
    expect(result.outcome).toBe('updated');
    const sent = statements.map((s) => s.sql);
    expect(sent.some((s) => s.startsWith('insert into "content_blocks"'))).toBe(true);
    expect(sent.some((s) => s.startsWith('insert into "report_revisions"'))).toBe(true);
    expect(await revisions()).toBe(before + 1);
    expect(sent.filter((s) => s.includes('peel_change_log'))).toEqual([]); // the refresh read ahead is nobody's statement
  });

  it('gives back a refused write as the ImportError it was, code and line included, having written nothing', async () => {
    const before = await readDataVersion(database.db);
    const error = await importReport(database.db, {
      text: seed.replace('Cambridgeshire PEEL 2017', 'Atlantis PEEL 2017'),
      sourceUrl: null,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'UNKNOWN_FORCE', line: 3 });
    expect((error as ImportError).message).toMatch(/^line 3: /);
    const missing = await deleteReportPage(database.db, { force: 'kent', year: 2017, pillar: 'legitimacy' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ImportError);
    expect(missing).toMatchObject({ code: 'REPORT_NOT_FOUND' });
    expect(await readDataVersion(database.db)).toBe(before);
  });

  it('commits a transaction whose work resolves, and rolls back one whose work throws', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`update forces set short_name = 'Rolled back' where slug = 'cambridgeshire'`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await shortName()).toBe('Cambridgeshire');
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`update forces set short_name = 'Cambs' where slug = 'cambridgeshire'`);
    });
    expect(await shortName()).toBe('Cambs');
    await database.db.execute(sql`update forces set short_name = 'Cambridgeshire' where slug = 'cambridgeshire'`);
  });

  it("keeps PostgreSQL's SQLSTATE and message on an error", async () => {
    const error = await database.db.execute(sql`insert into forces select * from forces limit 1`).catch((e: unknown) => e);
    expect(sqlStateOf(error)).toBe('23505');
    expect(String((error as Error).cause)).toMatch(/duplicate key value violates unique constraint/);
  });

  it("sends each commit's refresh with its notification: the read model applies it without a statement of its own", async () => {
    const model = new ReadModel(database);
    await model.snapshot();
    // The thread reads ahead from the version of the notification before: the first one heard sets it.
    await importReport(database.db, { text: dated(11), sourceUrl: null });
    await model.settled();
    database.log.clear();
    await importReport(database.db, { text: dated(12), sourceUrl: null });
    const written = await readDataVersion(database.db);
    await model.settled();
    expect(model.version).toBe(written);
    const snapshot = await model.snapshot();
    const report = [...snapshot.reportById.values()].find((r) => r.lastUpdated === '2018-03-12');
    expect(report).toBeDefined();
    // The import's own statements and the version read above; no refresh read (peel_change_log).
    expect(database.log.statements.filter((s) => s.sql.includes('peel_change_log'))).toEqual([]);
    model.close();
  });
});

describe.skipIf(backend === 'postgres')('a PGlite thread that has stopped', () => {
  it('answers every statement at once with an outage (57P01), which the server answers 503', async () => {
    const { database: closed } = await prepareDatabase({ kind: 'pglite', dataDir: undefined }, { seedWhenNeeded: false });
    await closed.close();
    const started = performance.now();
    const error = await closed.db.execute(sql`select 1`).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(sqlStateOf(error)).toBe('57P01');
    expect(isDatabaseOutage(error)).toBe(true);
    await expect(closed.ping()).rejects.toThrow(/the embedded database's thread stopped/);
  });
});
