// Finds or creates the report rows and finding rows that grades and pages attach to, in bulk, so a
// grade-only finding and a page's narrative for the same force, year and question are one finding.
import { sql } from 'drizzle-orm';
import type { Transaction } from '../db/connect.js';
import { findings, findingSources, reports } from '../db/schema.js';
import type { Pillar } from '../domain/vocabulary.js';
import type { SourceStatement } from '../domain/canonical-grade.js';

export interface ReportKey {
  forceId: number;
  inspectionYearId: number;
  pillar: Pillar | null;
  headlineQuestionId: number | null;
}

export const reportKey = (k: { forceId: number; inspectionYearId: number; pillar: Pillar | null }) =>
  `${k.forceId}:${k.inspectionYearId}:${k.pillar ?? ''}`;

/** Report ids by reportKey; missing reports are created without narrative. */
export async function ensureReports(tx: Transaction, keys: readonly ReportKey[]): Promise<Map<string, number>> {
  const unique = [...new Map(keys.map((k) => [reportKey(k), k])).values()];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .insert(reports)
    .values(unique)
    .onConflictDoUpdate({
      target: [reports.forceId, reports.inspectionYearId, reports.pillar],
      // A no-op for existing reports (it only fills a missing headline), so their ids come back.
      set: { headlineQuestionId: sql`coalesce(${reports.headlineQuestionId}, excluded.headline_question_id)` },
    })
    .returning({ id: reports.id, forceId: reports.forceId, inspectionYearId: reports.inspectionYearId, pillar: reports.pillar });
  return new Map(rows.map((r) => [reportKey(r), r.id]));
}

export interface FindingPlace {
  reportId: number;
  questionId: number;
  inspectionYearId: number;
  /** The question's catalogue position, which orders a report's findings. */
  position: number;
}

export const findingKey = (f: { reportId: number; questionId: number }) => `${f.reportId}:${f.questionId}`;

/** Finding ids by findingKey; a new finding starts with no grade until its sources are recomputed. */
export async function ensureFindings(tx: Transaction, places: readonly FindingPlace[]): Promise<Map<string, number>> {
  const unique = [...new Map(places.map((p) => [findingKey(p), p])).values()];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .insert(findings)
    .values(unique.map((p) => ({ ...p, grade: null, gradeStatus: 'not_stated' as const })))
    .onConflictDoUpdate({ target: [findings.reportId, findings.questionId], set: { position: sql.raw('excluded.position') } })
    .returning({ id: findings.id, reportId: findings.reportId, questionId: findings.questionId });
  return new Map(rows.map((r) => [findingKey(r), r.id]));
}

export interface SourceRow extends SourceStatement {
  findingId: number;
  url: string | null;
  note: string | null;
  /** Whether the statement is one of fixtures/grades.csv (see findingSources.fromFixtures). */
  fromFixtures?: boolean;
}

export interface UpsertedSources {
  /** The rows' ids, in the order given. */
  ids: number[];
  /** How many of them were not there before. */
  added: number;
}

/** Adds each statement once: the same statement from the same URL again only refreshes its details. */
export async function upsertSources(tx: Transaction, rows: readonly SourceRow[]): Promise<UpsertedSources> {
  const result: UpsertedSources = { ids: [], added: 0 };
  for (let start = 0; start < rows.length; start += 500) {
    const written = await tx
      .insert(findingSources)
      .values(rows.slice(start, start + 500))
      .onConflictDoUpdate({
        target: [
          findingSources.findingId,
          findingSources.kind,
          findingSources.url,
          findingSources.gradeStatus,
          findingSources.grade,
          findingSources.carriedOverFromId,
        ],
        set: {
          position: sql.raw('excluded.position'),
          basis: sql.raw('excluded.basis'),
          note: sql.raw('excluded.note'),
          // Once shipped in the fixtures, a statement stays theirs even when a user imports it too.
          fromFixtures: sql`${findingSources.fromFixtures} or excluded.from_fixtures`,
        },
      })
      // xmax is 0 on a row this statement inserted, and set on one it updated.
      .returning({ id: findingSources.id, inserted: sql<boolean>`(xmax = 0)` });
    for (const row of written) {
      result.ids.push(row.id);
      if (row.inserted) result.added += 1;
    }
  }
  return result;
}
