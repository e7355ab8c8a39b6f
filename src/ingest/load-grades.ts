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
  /** Statements that were not in the database before. */
  added: number;
}

export interface WrittenGrades extends GradesLoadSummary {
  /** The finding_sources ids of the statements, in order. */
  sourceIds: number[];
}

export async function writeGrades(
  tx: Transaction,
  statements: readonly GradeStatement[],
  { fromFixtures = false }: { fromFixtures?: boolean } = {},
): Promise<WrittenGrades> {
  const reportIds = await ensureReports(tx, statements);
  const placed = statements.map((s) => ({ ...s, reportId: reportIds.get(reportKey(s))! }));
  const findingIds = await ensureFindings(tx, placed);
  const written = await upsertSources(
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
      fromFixtures,
    })),
  );
  await recomputeFindings(tx, [...findingIds.values()]);
  return {
    statements: statements.length,
    findings: findingIds.size,
    reports: reportIds.size,
    added: written.added,
    sourceIds: written.ids,
  };
}

/** Reads, checks and loads one grades CSV in one transaction: all of it, or on any problem none. */
export function importGradesCsv(db: Database, file: string, text: string): Promise<GradesLoadSummary> {
  return db.transaction(async (tx) => {
    const { sourceIds: _ids, ...summary } = await writeGrades(tx, await readGradesCsv(tx, file, text));
    return summary;
  });
}
