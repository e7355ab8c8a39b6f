// Seeding, held against the fixtures as files (counted with csv-parse here, not by the seed's own
// reader): what a first seed loads and says, that a second changes nothing, that other fixtures (a
// changed file, an older seed_state) ask for a seed and a broken page leaves the database as it was.
// StrykerJS mutates src/ingest/seed.ts and src/startup/prepare.ts against this file
// (stryker.seeding.config.json), so each case opens its own database only where it must.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultFixturesDir,
  describeSeed,
  fixturesChecksum,
  isDatabaseEmpty,
  needsSeed,
  seedDatabase,
  shippedReportPages,
  type SeedSummary,
} from '../src/ingest/seed.js';
import { prepareDatabase } from '../src/startup/prepare.js';
import { createTestDatabase, createTestTarget, type TestDatabase } from './helpers/database.js';

const rowsOf = (file: string): Record<string, string>[] =>
  parse(readFileSync(path.join(defaultFixturesDir, file), 'utf8'), { columns: true, skip_empty_lines: true });
const shipped = {
  forces: rowsOf('forces.csv').length,
  years: rowsOf('inspection-years.csv').length,
  questions: rowsOf('questions.csv').length,
  statements: rowsOf('grades.csv').length,
  pages: rowsOf('reports/sources.csv'),
};

/** The data files the checksum covers, in its order (the shipped pages come after them). */
const DATA_FILES = [
  'forces.csv',
  'inspection-years.csv',
  'questions.csv',
  'comparability.csv',
  'grades.csv',
  'retired-grades.csv',
  'reports/sources.csv',
];

/** A copy of fixtures/ to change, removed after the file's tests. */
const copies: string[] = [];
function fixturesCopy(change?: (dir: string) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'peel-fixtures-'));
  copies.push(dir);
  cpSync(defaultFixturesDir, dir, { recursive: true });
  change?.(dir);
  return dir;
}
const append = (dir: string, file: string, text: string) =>
  writeFileSync(path.join(dir, file), readFileSync(path.join(dir, file), 'utf8') + text);
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('the fixtures checksum', () => {
  it('is a SHA-256 over every data file and every shipped page, and changes with any of them', () => {
    const shippedChecksum = fixturesChecksum();
    expect(shippedChecksum).toMatch(/^[0-9a-f]{64}$/);
    expect(fixturesChecksum(fixturesCopy())).toBe(shippedChecksum);
    const changed = DATA_FILES.map((file) => fixturesChecksum(fixturesCopy((dir) => append(dir, file, '\n'))));
    const page = fixturesChecksum(fixturesCopy((dir) => append(dir, `reports/${shipped.pages[0]!.file}`, ' ')));
    const all = [shippedChecksum, ...changed, page];
    expect(new Set(all).size).toBe(all.length);
  });

  it('is what seed_state records, so its recipe is fixed: each file name, NUL, its text, NUL, in this order', () => {
    const hash = createHash('sha256');
    const files = [...DATA_FILES, ...shipped.pages.map((p) => `reports/${p.file}`)];
    for (const file of files) hash.update(`${file}\0${readFileSync(path.join(defaultFixturesDir, file), 'utf8')}\0`);
    expect(fixturesChecksum()).toBe(hash.digest('hex'));
  });

  it('tells apart the same bytes moved from one file to the next', () => {
    // The name and a separator go in with each text: "a" + "bc" must not hash like "ab" + "c".
    const moved = fixturesCopy((dir) => {
      const forces = readFileSync(path.join(dir, 'forces.csv'), 'utf8');
      const years = readFileSync(path.join(dir, 'inspection-years.csv'), 'utf8');
      writeFileSync(path.join(dir, 'forces.csv'), forces.slice(0, -1));
      writeFileSync(path.join(dir, 'inspection-years.csv'), forces.slice(-1) + years);
    });
    expect(fixturesChecksum(moved)).not.toBe(fixturesChecksum());
  });
});

describe('the shipped report pages', () => {
  it('are those fixtures/reports/sources.csv lists, with their text and source URL', () => {
    const pages = shippedReportPages();
    expect(pages.map((p) => [p.file, p.sourceUrl])).toEqual(shipped.pages.map((p) => [p.file, p.source_url]));
    expect(pages[0]!.text).toBe(readFileSync(path.join(defaultFixturesDir, 'reports', shipped.pages[0]!.file!), 'utf8'));
    expect(pages[0]!.sourceUrl).toBe(
      'https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2017/cambridgeshire/effectiveness/',
    );
  });
});

describe('seeding a database', () => {
  let database: TestDatabase;
  let first: SeedSummary;
  const countOf = async (table: string) =>
    Number(
      ((await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0]!.n,
    );
  const dataVersion = async () =>
    Number(((await database.db.execute(sql`select peel_data_version() as v`)) as unknown as { rows: { v: string }[] }).rows[0]!.v);
  const checksumHeld = async () =>
    (
      (await database.db.execute(sql`select fixtures_checksum from seed_state where id = 1`)) as unknown as {
        rows: { fixtures_checksum: string }[];
      }
    ).rows[0]?.fixtures_checksum;

  beforeAll(async () => {
    database = await createTestDatabase({ seed: false });
  });
  afterAll(() => database?.close());

  it('an empty database needs one; the first seed loads every fixture and says created', async () => {
    expect(await isDatabaseEmpty(database.db)).toBe(true);
    expect(await needsSeed(database.db)).toBe(true);
    first = await seedDatabase(database.db);
    expect(first).toMatchObject({
      outcome: 'created',
      forces: shipped.forces,
      inspectionYears: shipped.years,
      questions: shipped.questions,
      reports: shipped.pages.map((p) => ({ file: p.file, outcome: 'created' })),
    });
    expect(first.grades.statements).toBe(shipped.statements);
    expect(first.grades.added).toBe(shipped.statements);
    expect(first.grades.removed).toBe(0);
    expect(await countOf('forces')).toBe(43);
    expect(await countOf('finding_sources where from_fixtures')).toBe(shipped.statements);
    expect(await countOf('report_revisions')).toBe(shipped.pages.length);
    expect(await checksumHeld()).toBe(fixturesChecksum());
    expect(await isDatabaseEmpty(database.db)).toBe(false);
    expect(await needsSeed(database.db)).toBe(false);
  });

  it('says what it did in lines for a terminal', () => {
    expect(describeSeed(first)).toEqual([
      `created: ${shipped.forces} forces, ${shipped.years} inspection years, ${shipped.questions} questions`,
      `grades: ${shipped.statements} statements on ${first.grades.findings} findings (${shipped.statements} added, 0 removed)`,
      ...shipped.pages.map((p) => `created fixtures/reports/${p.file}`),
    ]);
    expect(first.grades.findings).toBeGreaterThan(1_000);
    expect(first.grades.findings).toBeLessThan(shipped.statements);
  });

  it('a second seed changes nothing and says unchanged', async () => {
    const version = await dataVersion();
    const again = await seedDatabase(database.db);
    expect(again.outcome).toBe('unchanged');
    expect(again.grades).toMatchObject({ added: 0, removed: 0, statements: shipped.statements });
    expect(again.reports).toEqual(shipped.pages.map((p) => ({ file: p.file, outcome: 'unchanged' })));
    expect(await dataVersion()).toBe(version);
  });

  it('a seed_state naming other fixtures asks for a seed, which says updated and records these', async () => {
    await database.db.execute(sql`update seed_state set fixtures_checksum = ${'0'.repeat(64)}`);
    expect(await needsSeed(database.db)).toBe(true);
    const updated = await seedDatabase(database.db);
    expect(updated.outcome).toBe('updated');
    expect(updated.grades).toMatchObject({ added: 0, removed: 0 });
    expect(await checksumHeld()).toBe(fixturesChecksum());
    expect(await needsSeed(database.db)).toBe(false);
  });

  it('no seed_state at all asks for a seed too', async () => {
    await database.db.execute(sql`delete from seed_state`);
    expect(await needsSeed(database.db)).toBe(true);
    await seedDatabase(database.db);
    expect(await checksumHeld()).toBe(fixturesChecksum());
  });

  it('fixtures with a statement more ask for a seed, which adds it and says updated', async () => {
    const grades = readFileSync(path.join(defaultFixturesDir, 'grades.csv'), 'utf8');
    // A copy of the first statement, from another URL: one more source of the same grade.
    const [firstRow] = parse(grades, { columns: true, to: 1 }) as Record<string, string>[];
    const line = grades.split('\n')[1]!.replace(firstRow!.source_url!, 'https://example.org/another-statement');
    expect(line).toContain('https://example.org/another-statement');
    const dir = fixturesCopy((d) => append(d, 'grades.csv', grades.endsWith('\n') ? `${line}\n` : `\n${line}\n`));
    expect(await needsSeed(database.db, dir)).toBe(true);
    const updated = await seedDatabase(database.db, dir);
    expect(updated.outcome).toBe('updated');
    expect(updated.grades).toMatchObject({ added: 1, removed: 0, statements: shipped.statements + 1 });
    // Back to the shipped fixtures: the statement they no longer hold goes.
    const back = await seedDatabase(database.db);
    expect(back.outcome).toBe('updated');
    expect(back.grades).toMatchObject({ added: 0, removed: 1 });
  });

  it('a statement deleted by hand is put back by the next seed, which says updated though the fixtures are the same', async () => {
    await database.db.execute(sql`delete from finding_sources where id = (select min(id) from finding_sources where from_fixtures)`);
    expect(await needsSeed(database.db)).toBe(false); // the fixtures did not change: start-up does not look
    const again = await seedDatabase(database.db);
    expect(again.outcome).toBe('updated');
    expect(again.grades).toMatchObject({ added: 1, removed: 0 });
  });

  it('a page whose stored copy differs is imported again, and the seed says updated', async () => {
    await database.db.execute(sql`update reports set checksum = 'edited by hand' where checksum is not null`);
    const again = await seedDatabase(database.db);
    expect(again.outcome).toBe('updated');
    expect(again.reports).toEqual(shipped.pages.map((p) => ({ file: p.file, outcome: 'updated' })));
    expect(again.grades).toMatchObject({ added: 0, removed: 0 });
  });

  it('a statement withdrawn by the fixtures but left in the database goes, and the seed says updated', async () => {
    const [extra] = parse(readFileSync(path.join(defaultFixturesDir, 'grades.csv'), 'utf8'), { columns: true, to: 1 }) as Record<
      string,
      string
    >[];
    // As an older seed left it: a fixtures statement the fixtures no longer hold.
    await database.db.execute(sql`
      insert into finding_sources (finding_id, position, grade, grade_status, url, kind, basis, note, from_fixtures)
      select finding_id, 99, grade, grade_status, 'https://example.org/withdrawn', kind, basis, note, true
      from finding_sources where url = ${extra!.source_url!} and from_fixtures order by id limit 1`);
    const again = await seedDatabase(database.db);
    expect(again.outcome).toBe('updated');
    expect(again.grades).toMatchObject({ added: 0, removed: 1 });
  });

  it('a broken grades file fails the seed naming fixtures/grades.csv; an empty list of retired grades is allowed', async () => {
    const broken = fixturesCopy((d) => append(d, 'grades.csv', '\n2017,2017,nowhere\n'));
    await expect(seedDatabase(database.db, broken)).rejects.toThrow(/^fixtures\/grades\.csv: /);
    const retired = readFileSync(path.join(defaultFixturesDir, 'retired-grades.csv'), 'utf8');
    const brokenRetired = fixturesCopy((d) => append(d, 'retired-grades.csv', '\n2017,2017,nowhere\n'));
    await expect(seedDatabase(database.db, brokenRetired)).rejects.toThrow(/^fixtures\/retired-grades\.csv: /);
    const noneRetired = fixturesCopy((d) => writeFileSync(path.join(d, 'retired-grades.csv'), `${retired.split('\n')[0]}\n`));
    expect((await seedDatabase(database.db, noneRetired)).grades.removed).toBe(0);
  });

  it('a page that does not parse fails the seed, naming its file, and writes nothing', async () => {
    const file = shipped.pages[0]!.file!;
    const dir = fixturesCopy((d) => writeFileSync(path.join(d, 'reports', file), 'not a report page\n'));
    const before = await dataVersion();
    const held = await checksumHeld();
    const failure = (await seedDatabase(database.db, dir).catch((error: unknown) => error)) as Error;
    expect(failure).toBeInstanceOf(Error);
    expect(failure.message).toMatch(new RegExp(`^fixtures/reports/${file.replace(/\./g, '\\.')}: `));
    expect(failure.cause).toBeInstanceOf(Error); // the importer's own error, with its code and line
    expect(await dataVersion()).toBe(before);
    expect(await checksumHeld()).toBe(held);
  });
});

describe('a database emptied by hand', () => {
  it('needs a seed even when its seed_state names these fixtures', async () => {
    const database = await createTestDatabase({ seed: false });
    try {
      await database.db.execute(sql`insert into seed_state (id, fixtures_checksum) values (1, ${fixturesChecksum()})`);
      expect(await needsSeed(database.db)).toBe(true);
    } finally {
      await database.close();
    }
  });
});

describe('preparing a database on start', () => {
  it('migrates and seeds an empty one by default, and leaves a seeded one be', async () => {
    const { target, drop } = await createTestTarget({ persistent: true });
    try {
      const first = await prepareDatabase(target);
      expect(first.seeded?.outcome).toBe('created');
      expect(first.seeded?.forces).toBe(shipped.forces);
      await first.database.close();
      const second = await prepareDatabase(target);
      expect(second.seeded).toBeNull();
      expect(await needsSeed(second.database.db)).toBe(false);
      await second.database.close();
      // (Asked not to seed, it only migrates: the database of 'seeding a database' above.)
    } finally {
      await drop();
    }
  });
});
