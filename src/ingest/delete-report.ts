// Removes an imported report page: its narrative, its grade lines and the findings only it knew.
// Grades from the grades data stay; a report left with no finding goes too (revisions with it).
import { eq } from 'drizzle-orm';
import type { Database } from '../db/connect.js';
import { reports } from '../db/schema.js';
import type { Pillar } from '../domain/vocabulary.js';
import { ImportError } from '../domain/import-errors.js';
import { asCodedConflict } from './errors.js';
import { onDatabaseThread } from './on-database-thread.js';
import { findReportId, lockReport, removePageContent } from './load-report.js';

export interface DeleteResult {
  /** The report, when grades from other sources keep it; null when it is gone. */
  reportId: number | null;
  removedFindings: number;
}

type ReportKey = { force: string; year: number; pillar: Pillar | null };

export function deleteReportPage(db: Database, key: ReportKey): Promise<DeleteResult> {
  return onDatabaseThread<DeleteResult>(db, 'deleteReport', key) ?? deleteReportHere(db, key);
}

/** deleteReportPage on this thread, whatever the database runs on (the database's thread runs this). */
export function deleteReportHere(db: Database, key: ReportKey): Promise<DeleteResult> {
  return asCodedConflict(
    db.transaction(async (tx) => {
      const [force, year] = await Promise.all([
        tx.query.forces.findFirst({ where: { slug: key.force }, columns: { id: true } }),
        tx.query.inspectionYears.findFirst({ where: { year: key.year }, columns: { id: true } }),
      ]);
      const reportKey = force && year ? { forceId: force.id, inspectionYearId: year.id, pillar: key.pillar } : undefined;
      if (reportKey) await lockReport(tx, reportKey);
      const report = reportKey ? await findReportId(tx, reportKey) : undefined;
      if (!report?.checksum) {
        throw new ImportError('REPORT_NOT_FOUND', `no imported page for ${key.force} ${key.year} ${key.pillar ?? '(no pillar)'}`);
      }
      const removedFindings = await removePageContent(tx, report.id);
      const remaining = await tx.query.findings.findFirst({ where: { reportId: report.id }, columns: { id: true } });
      if (!remaining) await tx.delete(reports).where(eq(reports.id, report.id));
      return { reportId: remaining ? report.id : null, removedFindings };
    }),
  );
}
