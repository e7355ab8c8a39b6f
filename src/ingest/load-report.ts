// Writes a resolved report: the report row, one finding per section, and each finding's narrative.
// Runs inside the caller's transaction; the same content again (same checksum) writes nothing.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Transaction } from '../db/connect.js';
import {
  areasForImprovement,
  causesOfConcern,
  contentBlocks,
  findings,
  questions,
  recommendations,
  reports,
} from '../db/schema.js';
import { normalizeForMatch } from './normalize.js';
import type { ResolvedReport } from './resolve-report.js';

export type LoadOutcome = 'created' | 'updated' | 'unchanged';

export interface LoadResult {
  outcome: LoadOutcome;
  reportId: number;
}

export async function writeReport(tx: Transaction, report: ResolvedReport): Promise<LoadResult> {
  const [existing] = await tx
    .select({ id: reports.id, checksum: reports.checksum })
    .from(reports)
    .where(
      and(
        eq(reports.forceId, report.forceId),
        eq(reports.inspectionYearId, report.inspectionYearId),
        report.pillar === null ? isNull(reports.pillar) : eq(reports.pillar, report.pillar),
      ),
    );
  if (existing?.checksum === report.checksum) return { outcome: 'unchanged', reportId: existing.id };

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

  // Findings are updated in place (their ids, and so their global IDs, survive a re-import).
  const written = await tx
    .insert(findings)
    .values(
      report.sections.map((s) => ({
        reportId,
        questionId: s.questionId,
        inspectionYearId: report.inspectionYearId,
        position: s.position,
        grade: s.grade,
        gradeStatus: s.gradeStatus,
      })),
    )
    .onConflictDoUpdate({
      target: [findings.reportId, findings.questionId],
      set: {
        position: sql.raw('excluded.position'),
        grade: sql.raw('excluded.grade'),
        gradeStatus: sql.raw('excluded.grade_status'),
      },
    })
    .returning({ id: findings.id, questionId: findings.questionId });
  const findingIdByQuestion = new Map(written.map((f) => [f.questionId, f.id]));
  const findingIds = written.map((f) => f.id);

  // The narrative is replaced as a whole: the page is the unit of truth for its text.
  await tx.delete(contentBlocks).where(inArray(contentBlocks.findingId, findingIds));
  await tx.delete(areasForImprovement).where(inArray(areasForImprovement.findingId, findingIds));
  await tx.delete(causesOfConcern).where(inArray(causesOfConcern.findingId, findingIds));

  const perSection = report.sections.map((s) => ({ section: s, findingId: findingIdByQuestion.get(s.questionId)! }));
  const blockRows = perSection.flatMap(({ section, findingId }) =>
    section.content.map((block, position) =>
      block.kind === 'paragraph'
        ? { findingId, position, kind: block.kind, text: block.text }
        : { findingId, position, kind: block.kind, items: block.items },
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

  // The page's exact wording replaces the catalogue's where they differ only in typography.
  for (const section of report.sections) {
    if (section.question !== section.catalogueText && normalizeForMatch(section.question) === normalizeForMatch(section.catalogueText)) {
      await tx
        .update(questions)
        .set({ text: section.question, textStatus: 'exact', sourceUrl: report.sourceUrl ?? undefined })
        .where(eq(questions.id, section.questionId));
    }
  }

  return { outcome: existing ? 'updated' : 'created', reportId };
}
