// Writes a resolved report page: the report row, one finding per section with its narrative, the
// page's grade lines as sources, and a revision. Runs inside the caller's transaction. The same
// page again (same checksum) writes nothing; a changed page replaces everything the previous page
// wrote, while the grades data's own statements stay.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Transaction } from '../db/connect.js';
import { sqlList } from '../db/sql-list.js';
import { ADVISORY_LOCKS } from '../db/advisory-locks.js';
import {
  areasForImprovement,
  causesOfConcern,
  contentBlocks,
  findings,
  findingSources,
  recommendations,
  reportRevisions,
  reports,
} from '../db/schema.js';
import type { Pillar } from '../domain/vocabulary.js';
import type { ReportFormat } from '../domain/report-formats.js';
import { ensureFindings, findingKey, upsertSources } from './ensure-findings.js';
import { recomputeFindings } from './recompute-findings.js';
import type { ParsedReport } from './report-types.js';
import type { ResolvedReport } from './resolve-report.js';

export type LoadOutcome = 'created' | 'updated' | 'unchanged';

export interface LoadResult {
  outcome: LoadOutcome;
  reportId: number;
}

export interface ReportPage {
  resolved: ResolvedReport;
  /** The page as parsed, kept in its revision. */
  parsed: ParsedReport;
  format: ReportFormat;
}

export async function findReportId(
  tx: Transaction,
  key: { forceId: number; inspectionYearId: number; pillar: Pillar | null },
): Promise<{ id: number; checksum: string | null } | undefined> {
  const [row] = await tx
    .select({ id: reports.id, checksum: reports.checksum })
    .from(reports)
    .where(
      and(
        eq(reports.forceId, key.forceId),
        eq(reports.inspectionYearId, key.inspectionYearId),
        key.pillar === null ? isNull(reports.pillar) : eq(reports.pillar, key.pillar),
      ),
    );
  return row;
}

/**
 * Removes what an imported page wrote for a report (narrative, the page's grade lines, and findings
 * that only the page knew), keeping what the grades data says. Returns how many findings went.
 */
export async function removePageContent(tx: Transaction, reportId: number): Promise<number> {
  const { removed, remaining } = await removePageContentOnly(tx, reportId);
  await recomputeFindings(tx, remaining);
  return removed;
}

/**
 * removePageContent without the recompute, for a caller that writes the page again and recomputes
 * once at the end: answers how many findings went and the ids of those that stay.
 */
async function removePageContentOnly(tx: Transaction, reportId: number): Promise<{ removed: number; remaining: number[] }> {
  // The page's wording of its questions goes with the page.
  const findingIds = (
    await tx.update(findings).set({ questionAsPrinted: null }).where(eq(findings.reportId, reportId)).returning({ id: findings.id })
  ).map((f) => f.id);
  if (findingIds.length === 0) return { removed: 0, remaining: [] };
  await tx.delete(contentBlocks).where(inArray(contentBlocks.findingId, findingIds));
  await tx.delete(areasForImprovement).where(inArray(areasForImprovement.findingId, findingIds));
  await tx.delete(causesOfConcern).where(inArray(causesOfConcern.findingId, findingIds));
  await tx.delete(findingSources).where(and(inArray(findingSources.findingId, findingIds), eq(findingSources.kind, 'report_page')));
  await tx.update(reports).set({ lastUpdated: null, sourceUrl: null, checksum: null }).where(eq(reports.id, reportId));

  const orphans = (
    await tx
      .select({ id: findings.id })
      .from(findings)
      .where(and(eq(findings.reportId, reportId), sql`not exists (select 1 from ${findingSources} s where s.finding_id = ${findings.id})`))
  ).map((f) => f.id);
  if (orphans.length > 0) {
    // A later finding may show an orphan's grade as carried over; it is recomputed below.
    await tx.execute(
      sql`update findings set grade = null, grade_inherited_from_id = null where grade_inherited_from_id in ${sqlList(orphans)}`,
    );
    await tx.delete(findings).where(inArray(findings.id, orphans));
  }
  return { removed: orphans.length, remaining: findingIds.filter((id) => !orphans.includes(id)) };
}

/**
 * Serialises writes to one report (force, year, pillar) until the transaction ends: a second import
 * or delete of the same report waits, then reads what the first committed, so concurrent imports of
 * one page answer created once and unchanged after. (PGlite has one connection: it waits anyway.)
 */
export async function lockReport(
  tx: Transaction,
  key: { forceId: number; inspectionYearId: number; pillar: Pillar | null },
): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.reportWrite}, hashtext(${`${key.forceId}:${key.inspectionYearId}:${key.pillar ?? ''}`}))`,
  );
}

export async function writeReport(tx: Transaction, { resolved: report, parsed, format }: ReportPage): Promise<LoadResult> {
  await lockReport(tx, report);
  const existing = await findReportId(tx, report);
  if (existing?.checksum === report.checksum) return { outcome: 'unchanged', reportId: existing.id };
  // What the previous page wrote goes; its findings are recomputed with the new page's, once.
  const previous = existing ? (await removePageContentOnly(tx, existing.id)).remaining : [];

  const fields = {
    headlineQuestionId: report.headlineQuestionId,
    lastUpdated: report.lastUpdated,
    sourceUrl: report.sourceUrl,
    checksum: report.checksum,
  };
  const [row] = await tx
    .insert(reports)
    .values({ forceId: report.forceId, inspectionYearId: report.inspectionYearId, pillar: report.pillar, ...fields })
    .onConflictDoUpdate({ target: [reports.forceId, reports.inspectionYearId, reports.pillar], set: fields })
    .returning({ id: reports.id });
  const reportId = row!.id;
  await tx.insert(reportRevisions).values({ reportId, checksum: report.checksum, sourceUrl: report.sourceUrl, format, content: parsed });

  // A finding already known from the grades data gains this page's narrative rather than a twin.
  const findingIdByKey = await ensureFindings(
    tx,
    report.sections.map((s) => ({ reportId, questionId: s.questionId, inspectionYearId: report.inspectionYearId, position: s.position })),
  );
  const perSection = report.sections.map((section) => ({
    section,
    findingId: findingIdByKey.get(findingKey({ reportId, questionId: section.questionId }))!,
  }));

  // The page is one more source of each of its grades (or of "ungraded").
  await upsertSources(
    tx,
    perSection.map(({ section, findingId }) => ({
      findingId,
      position: 0,
      grade: section.grade,
      gradeStatus: section.gradeStatus,
      carriedOverFromId: null,
      url: report.sourceUrl,
      kind: 'report_page' as const,
      basis: 'direct' as const,
      note: 'grade line of the imported report page',
    })),
  );
  await recomputeFindings(tx, [...new Set([...previous, ...perSection.map((p) => p.findingId)])]);

  const blockRows = perSection.flatMap(({ section, findingId }) =>
    section.content.map((block, position) =>
      block.kind === 'paragraph'
        ? { findingId, position, kind: block.kind, text: block.text, plainText: block.text }
        : { findingId, position, kind: block.kind, items: block.items, plainText: block.items.join('\n') },
    ),
  );
  if (blockRows.length > 0) await tx.insert(contentBlocks).values(blockRows);

  const areaRows = perSection.flatMap(({ section, findingId }) =>
    section.areasForImprovement.map((text, position) => ({ findingId, position, text })),
  );
  if (areaRows.length > 0) await tx.insert(areasForImprovement).values(areaRows);

  const causes = perSection.flatMap(({ section, findingId }) =>
    section.causesOfConcern.map((cause, position) => ({ findingId, position, cause })),
  );
  if (causes.length > 0) {
    const causeRows = await tx
      .insert(causesOfConcern)
      .values(causes.map(({ findingId, position, cause }) => ({ findingId, position, text: cause.text })))
      .returning({ id: causesOfConcern.id, findingId: causesOfConcern.findingId, position: causesOfConcern.position });
    const causeIdByPlace = new Map(causeRows.map((c) => [`${c.findingId}:${c.position}`, c.id]));
    const recommendationRows = causes.flatMap(({ findingId, position: causePosition, cause }) =>
      cause.recommendations.map((text, position) => ({
        causeOfConcernId: causeIdByPlace.get(`${findingId}:${causePosition}`)!,
        position,
        text,
      })),
    );
    if (recommendationRows.length > 0) await tx.insert(recommendations).values(recommendationRows);
  }

  // The page's wording of a question, where it differs from the catalogue's, stays on this report's
  // finding: one force's page never rewrites what every force's report shows (issue 26).
  for (const { section, findingId } of perSection) {
    if (section.question !== section.catalogueText) {
      await tx.update(findings).set({ questionAsPrinted: section.question }).where(eq(findings.id, findingId));
    }
  }

  // A report known only from grades data gains its first page: that is a creation, not an update.
  return { outcome: existing?.checksum ? 'updated' : 'created', reportId };
}
