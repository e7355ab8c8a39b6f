// Loads everything the project ships in fixtures/ in one transaction: the catalogue, the source-cited
// grades, then the report pages listed in fixtures/reports/sources.csv. Safe to run again: nothing
// is duplicated. On a database seeded from older fixtures it brings the grades up to date: statements
// the fixtures no longer hold are removed, new ones added; statements from `npm run import:grades` and
// report pages are left alone.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import type { Database } from '../db/connect.js';
import { projectRoot } from '../db/target.js';
import { forces, seedState } from '../db/schema.js';
import { readCatalogue } from './catalogue.js';
import { readCsv } from './csv.js';
import { importReportIn } from './import-report.js';
import { loadCatalogue } from './load-catalogue.js';
import { readGradesCsv } from './grades-csv.js';
import { writeGrades, type GradesLoadSummary } from './load-grades.js';
import type { LoadOutcome } from './load-report.js';
import { removeStatements } from './remove-statements.js';
import { onDatabaseThread } from './on-database-thread.js';

export const defaultFixturesDir = path.join(projectRoot, 'fixtures');

/** The catalogue files readCatalogue reads, and the grades files, relative to fixtures/. */
const DATA_FILES = ['forces.csv', 'inspection-years.csv', 'questions.csv', 'comparability.csv', 'grades.csv', 'retired-grades.csv'];

export interface SeedSummary {
  /** created: the database was empty; updated: the fixtures brought changes; unchanged: nothing to do. */
  outcome: LoadOutcome;
  forces: number;
  inspectionYears: number;
  questions: number;
  grades: GradesLoadSummary & { removed: number };
  reports: { file: string; outcome: LoadOutcome }[];
}

/** A report page the fixtures ship: its file in fixtures/reports, its text and where it comes from. */
export interface ShippedPage {
  file: string;
  text: string;
  sourceUrl: string;
}

interface FixtureFiles {
  texts: Map<string, string>;
  pages: ShippedPage[];
  checksum: string;
}

/** The report pages fixtures/reports/sources.csv lists, with their text and source URL. */
export function shippedReportPages(fixturesDir = defaultFixturesDir): ShippedPage[] {
  const reportsDir = path.join(fixturesDir, 'reports');
  return readCsv(path.join(reportsDir, 'sources.csv'), ['file', 'source_url']).map((r) => ({
    file: r.file!,
    text: readFileSync(path.join(reportsDir, r.file!), 'utf8'),
    sourceUrl: r.source_url!,
  }));
}

function readFixtureFiles(fixturesDir: string): FixtureFiles {
  const texts = new Map(DATA_FILES.map((file) => [file, readFileSync(path.join(fixturesDir, file), 'utf8')]));
  texts.set('reports/sources.csv', readFileSync(path.join(fixturesDir, 'reports', 'sources.csv'), 'utf8'));
  const pages = shippedReportPages(fixturesDir);
  const hash = createHash('sha256');
  for (const [file, text] of [...texts, ...pages.map((p): [string, string] => [`reports/${p.file}`, p.text])]) {
    hash.update(`${file}\0${text}\0`);
  }
  return { texts, pages, checksum: hash.digest('hex') };
}

/** The checksum of the fixtures as they are on disk (what seed_state records after a seed). */
export function fixturesChecksum(fixturesDir = defaultFixturesDir): string {
  return readFixtureFiles(fixturesDir).checksum;
}

export function seedDatabase(db: Database, fixturesDir = defaultFixturesDir): Promise<SeedSummary> {
  return onDatabaseThread<SeedSummary>(db, 'seed', fixturesDir) ?? seedHere(db, fixturesDir);
}

/** seedDatabase on this thread, whatever the database runs on (the database's thread runs this). */
export async function seedHere(db: Database, fixturesDir = defaultFixturesDir): Promise<SeedSummary> {
  // Read and parse every file before opening the transaction, so a bad fixture fails fast.
  const catalogue = readCatalogue(fixturesDir);
  const { texts, pages, checksum } = readFixtureFiles(fixturesDir);

  return db.transaction(async (tx) => {
    const [before] = await tx.select({ forces: count() }).from(forces);
    const previous = await tx.query.seedState.findFirst({ columns: { fixturesChecksum: true } });
    await loadCatalogue(tx, catalogue);
    const { sourceIds, ...grades } = await writeGrades(tx, await readGradesCsv(tx, 'fixtures/grades.csv', texts.get('grades.csv')!), {
      fromFixtures: true,
    });
    const retired = await readGradesCsv(tx, 'fixtures/retired-grades.csv', texts.get('retired-grades.csv')!, { allowEmpty: true });
    const removed = await removeStatements(tx, { keep: sourceIds, retired });
    const reports = [];
    for (const page of pages) {
      try {
        const { outcome } = await importReportIn(tx, page);
        reports.push({ file: page.file, outcome });
      } catch (error) {
        throw new Error(`fixtures/reports/${page.file}: ${(error as Error).message}`, { cause: error });
      }
    }
    await tx
      .insert(seedState)
      .values({ fixturesChecksum: checksum })
      .onConflictDoUpdate({ target: seedState.id, set: { fixturesChecksum: checksum, seededAt: new Date().toISOString() } });
    const changed =
      grades.added > 0 || removed > 0 || previous?.fixturesChecksum !== checksum || reports.some((r) => r.outcome !== 'unchanged');
    return {
      outcome: before!.forces === 0 ? 'created' : changed ? 'updated' : 'unchanged',
      forces: catalogue.forces.length,
      inspectionYears: catalogue.inspectionYears.length,
      questions: catalogue.questions.length,
      grades: { ...grades, removed },
      reports,
    };
  });
}

/** What a seed did, as lines for a log or a terminal. */
export function describeSeed(summary: SeedSummary): string[] {
  const { grades } = summary;
  return [
    `${summary.outcome}: ${summary.forces} forces, ${summary.inspectionYears} inspection years, ${summary.questions} questions`,
    `grades: ${grades.statements} statements on ${grades.findings} findings (${grades.added} added, ${grades.removed} removed)`,
    ...summary.reports.map(({ file, outcome }) => `${outcome} fixtures/reports/${file}`),
  ];
}

/** True when no force has been loaded: the server seeds such a database on start. */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(forces);
  return row!.n === 0;
}

/** True when the database is empty, or was last seeded from fixtures other than these. */
export async function needsSeed(db: Database, fixturesDir = defaultFixturesDir): Promise<boolean> {
  if (await isDatabaseEmpty(db)) return true;
  const [state] = await db.select({ checksum: seedState.fixturesChecksum }).from(seedState).where(eq(seedState.id, 1));
  return state?.checksum !== fixturesChecksum(fixturesDir);
}
