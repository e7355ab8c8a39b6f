// Removes grade statements the fixtures no longer hold, and whatever they alone kept: a finding left
// with no source, a report left with no finding and no imported page. The rest is recomputed.
import { sql } from 'drizzle-orm';
import type { Transaction } from '../db/connect.js';
import { sqlIntArray } from '../db/sql-list.js';
import type { GradeStatement } from './grades-csv.js';
import { recomputeFindings } from './recompute-findings.js';

export interface Removal {
  /** finding_sources ids of the statements the fixtures hold now: never removed. */
  keep: readonly number[];
  /**
   * Statements earlier fixtures shipped and these withdraw (fixtures/retired-grades.csv). Databases
   * seeded before statements were marked fromFixtures cannot tell them from imported ones otherwise.
   */
  retired: readonly GradeStatement[];
}

/** Returns how many statements were removed. */
export async function removeStatements(tx: Transaction, { keep, retired }: Removal): Promise<number> {
  const keepIds = sqlIntArray(keep);
  const retiredRows = retired.map(
    (s) =>
      sql`(${s.forceId}::int, ${s.inspectionYearId}::int, ${s.questionId}::int, ${s.kind}::source_kind,
        ${s.url}::text, ${s.gradeStatus}::grade_status, ${s.grade}::grade, ${s.carriedOverFromId}::int)`,
  );
  const matchesRetired =
    retiredRows.length === 0
      ? sql`false`
      : sql`exists (
          select 1 from findings f join reports r on r.id = f.report_id,
            (values ${sql.join(retiredRows, sql`, `)}) as v(force_id, year_id, question_id, kind, url, status, grade, carried)
          where f.id = s.finding_id and r.force_id = v.force_id and r.inspection_year_id = v.year_id and f.question_id = v.question_id
            and s.kind = v.kind and s.url = v.url and s.grade_status = v.status
            and s.grade is not distinct from v.grade and s.carried_over_from_id is not distinct from v.carried)`;
  const removed = (await tx.execute(sql`
    delete from finding_sources s
    where s.kind <> 'report_page' and s.id <> all(${keepIds}) and (s.from_fixtures or ${matchesRetired})
    returning s.finding_id`)) as { rows: { finding_id: number }[] };
  if (removed.rows.length === 0) return 0;

  const touched = [...new Set(removed.rows.map((r) => r.finding_id))];
  const touchedIds = sqlIntArray(touched);
  // A later carried-over judgement may show an orphan's grade; recomputeFindings re-inherits below.
  await tx.execute(sql`
    update findings set grade = null, grade_inherited_from_id = null where grade_inherited_from_id = any(${touchedIds})`);
  const orphans = (await tx.execute(sql`
    delete from findings f
    where f.id = any(${touchedIds}) and not exists (select 1 from finding_sources s where s.finding_id = f.id)
    returning f.id, f.report_id`)) as { rows: { id: number; report_id: number }[] };
  const orphanIds = new Set(orphans.rows.map((r) => r.id));
  if (orphans.rows.length > 0) {
    const reportIds = sqlIntArray([...new Set(orphans.rows.map((r) => r.report_id))]);
    await tx.execute(sql`
      delete from reports r
      where r.id = any(${reportIds}) and r.checksum is null and not exists (select 1 from findings f where f.report_id = r.id)`);
  }
  await recomputeFindings(
    tx,
    touched.filter((id) => !orphanIds.has(id)),
  );
  return removed.rows.length;
}
