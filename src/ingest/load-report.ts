// Writes a resolved report: the report row, one finding per section, and each finding's narrative.
// Runs inside the caller's transaction; the same content again (same checksum) writes nothing.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Transaction } from '../db/connect.js';
import {
  areasForImprovement,
  causesOfConcern,
  contentBlocks,
  findingSources,
  questions,
  recommendations,
  reports,
} from '../db/schema.js';
import { ensureFindings, findingKey, upsertSources } from './ensure-findings.js';
import { normalizeForMatch } from './normalize.js';
import { recomputeFindings } from './recompute-findings.js';
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

  // A finding already known from the grades data gains this page's narrative rather than a twin.
  const findingIdByKey = await ensureFindings(
    tx,
    report.sections.map((s) => ({ reportId, questionId: s.questionId, inspectionYearId: report.inspectionYearId, position: s.position })),
  );
  const findingIdByQuestion = new Map(report.sections.map((s) => [s.questionId, findingIdByKey.get(findingKey({ reportId, questionId: s.questionId }))!]));
  const findingIds = [...findingIdByQuestion.values()];

  // The page is one source of each of its grades (or of "ungraded"); a changed page replaces it.
  await tx.delete(findingSources).where(and(inArray(findingSources.findingId, findingIds), eq(findingSources.kind, 'report_page')));
  await upsertSources(
    tx,
    report.sections.map((s) => ({
      findingId: findingIdByQuestion.get(s.questionId)!,
      position: 0,
      grade: s.grade,
      gradeStatus: s.gradeStatus,
      carriedOverFromId: null,
      url: report.sourceUrl,
      kind: 'report_page' as const,
      basis: 'direct' as const,
      note: 'grade line of the imported report page',
    })),
  );
  await recomputeFindings(tx, findingIds);

  // The narrative is replaced as a whole: the page is the unit of truth for its text.
  await tx.delete(contentBlocks).where(inArray(contentBlocks.findingId, findingIds));
  await tx.delete(areasForImprovement).where(inArray(areasForImprovement.findingId, findingIds));
  await tx.delete(causesOfConcern).where(inArray(causesOfConcern.findingId, findingIds));

  const perSection = report.sections.map((section) => ({ section, findingId: findingIdByQuestion.get(section.questionId)! }));
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

  // The page's exact wording replaces the catalogue's where they differ only in typography.
  for (const section of report.sections) {
    if (section.question !== section.catalogueText && normalizeForMatch(section.question) === normalizeForMatch(section.catalogueText)) {
      await tx
        .update(questions)
        .set({ text: section.question, textStatus: 'exact', sourceUrl: report.sourceUrl ?? undefined })
        .where(eq(questions.id, section.questionId));
    }
  }

  // A report known only from grades data gains its first page: that is a creation, not an update.
  return { outcome: existing?.checksum ? 'updated' : 'created', reportId };
}
