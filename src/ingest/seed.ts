// Loads everything the project ships in fixtures/ in one transaction: the catalogue, the source-cited
// grades, then the report pages listed in fixtures/reports/sources.csv. Safe to run again: nothing
// is duplicated.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { projectRoot, type Database } from '../db/connect.js';
import { forces } from '../db/schema.js';
import { readCatalogue } from './catalogue.js';
import { readCsv } from './csv.js';
import { importReportIn } from './import-report.js';
import { loadCatalogue } from './load-catalogue.js';
import { readGradesCsv } from './grades-csv.js';
import { writeGrades, type GradesLoadSummary } from './load-grades.js';
import type { LoadOutcome } from './load-report.js';

export const defaultFixturesDir = path.join(projectRoot, 'fixtures');

export interface SeedSummary {
  forces: number;
  inspectionYears: number;
  questions: number;
  grades: GradesLoadSummary;
  reports: { file: string; outcome: LoadOutcome }[];
}

export async function seedDatabase(db: Database, fixturesDir = defaultFixturesDir): Promise<SeedSummary> {
  // Read and parse every file before opening the transaction, so a bad fixture fails fast.
  const catalogue = readCatalogue(fixturesDir);
  const reportsDir = path.join(fixturesDir, 'reports');
  const gradesText = readFileSync(path.join(fixturesDir, 'grades.csv'), 'utf8');
  const pages = readCsv(path.join(reportsDir, 'sources.csv'), ['file', 'source_url']).map((r) => ({
    file: r.file!,
    text: readFileSync(path.join(reportsDir, r.file!), 'utf8'),
    sourceUrl: r.source_url!,
  }));

  return db.transaction(async (tx) => {
    await loadCatalogue(tx, catalogue);
    const grades = await writeGrades(tx, await readGradesCsv(tx, 'fixtures/grades.csv', gradesText));
    const reports = [];
    for (const page of pages) {
      try {
        const { outcome } = await importReportIn(tx, page);
        reports.push({ file: page.file, outcome });
      } catch (error) {
        throw new Error(`fixtures/reports/${page.file}: ${(error as Error).message}`, { cause: error });
      }
    }
    return {
      forces: catalogue.forces.length,
      inspectionYears: catalogue.inspectionYears.length,
      questions: catalogue.questions.length,
      grades,
      reports,
    };
  });
}

/** True when no force has been loaded: the server seeds such a database on start. */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(forces);
  return row!.n === 0;
}
