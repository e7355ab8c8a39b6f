// Loads grade statements: the reports and findings they belong to, one source row per statement,
// then each touched finding's canonical grade. Runs in the caller's transaction; loading the same
// statements again changes nothing.
import type { Database, Transaction } from '../db/connect.js';
import { ensureFindings, ensureReports, findingKey, reportKey, upsertSources } from './ensure-findings.js';
import { readGradesCsv, type GradeStatement } from './grades-csv.js';
import { recomputeFindings } from './recompute-findings.js';

export interface GradesLoadSummary {
  statements: number;
  findings: number;
  reports: number;
}

export async function writeGrades(tx: Transaction, statements: readonly GradeStatement[]): Promise<GradesLoadSummary> {
  const reportIds = await ensureReports(tx, statements);
  const placed = statements.map((s) => ({ ...s, reportId: reportIds.get(reportKey(s))! }));
  const findingIds = await ensureFindings(tx, placed);
  await upsertSources(
    tx,
    placed.map((s) => ({
      findingId: findingIds.get(findingKey(s))!,
      position: s.line,
      grade: s.grade,
      gradeStatus: s.gradeStatus,
      carriedOverFromId: s.carriedOverFromId,
      url: s.url,
      kind: s.kind,
      basis: s.basis,
      note: s.note,
    })),
  );
  await recomputeFindings(tx, [...findingIds.values()]);
  return { statements: statements.length, findings: findingIds.size, reports: reportIds.size };
}

/** Reads, checks and loads one grades CSV in one transaction: all of it, or on any problem none. */
export function importGradesCsv(db: Database, file: string, text: string): Promise<GradesLoadSummary> {
  return db.transaction(async (tx) => writeGrades(tx, await readGradesCsv(tx, file, text)));
}
