// The whole read side's data at one moment, loaded in one read-only transaction and indexed for the
// lookups GraphQL fields make. The data set is small (43 forces, ~1,800 findings), so holding it is
// cheaper than a database round trip per request. Never changed once built: a newer one replaces it.
import type { Database } from '../db/connect.js';
import { PILLARS, type Pillar } from '../domain/vocabulary.js';
import type { Grade } from '../domain/grades.js';
import type {
  areasForImprovement,
  causesOfConcern,
  contentBlocks,
  findingSources,
  findings,
  forces,
  inspectionYears,
  questions,
  reports,
} from '../db/schema.js';
import { sourceOrder } from './ordering.js';

export type ForceRow = typeof forces.$inferSelect;
export type YearRow = typeof inspectionYears.$inferSelect;
export type QuestionRow = typeof questions.$inferSelect;
export type ReportRow = typeof reports.$inferSelect;
/** A finding with its report's force, which comparisons group by. */
export type FindingRow = typeof findings.$inferSelect & { forceId: number };
export type SourceRow = typeof findingSources.$inferSelect;
export type ContentBlockRow = Omit<typeof contentBlocks.$inferSelect, 'search'>;
// Areas and causes keep their search vector: there are few, and GraphQL types them as table rows.
export type AreaForImprovementRow = typeof areasForImprovement.$inferSelect;
export type CauseOfConcernRow = typeof causesOfConcern.$inferSelect;

export interface Snapshot {
  /** Alphabetically by name. */
  readonly forces: readonly ForceRow[];
  readonly forceById: ReadonlyMap<number, ForceRow>;
  readonly forceBySlug: ReadonlyMap<string, ForceRow>;
  /** Oldest first. */
  readonly years: readonly YearRow[];
  readonly yearById: ReadonlyMap<number, YearRow>;
  readonly yearByYear: ReadonlyMap<number, YearRow>;
  /** Each round's grade scale, best first. */
  readonly scaleOfYear: ReadonlyMap<number, readonly Grade[]>;
  readonly questionById: ReadonlyMap<number, QuestionRow>;
  /** Each round's questions by pillar, then position (headlines first), then id. */
  readonly questionsOfYear: ReadonlyMap<number, readonly QuestionRow[]>;
  readonly reportById: ReadonlyMap<number, ReportRow>;
  /** Each force's reports by inspection year, then pillar in PEEL order (none last), then id. */
  readonly reportsOfForce: ReadonlyMap<number, readonly ReportRow[]>;
  /** By reportKey(forceId, yearId, pillar). */
  readonly reportByKey: ReadonlyMap<string, ReportRow>;
  readonly findingById: ReadonlyMap<number, FindingRow>;
  /** Each report's findings in report order, the headline's included. */
  readonly findingsOfReport: ReadonlyMap<number, readonly FindingRow[]>;
  readonly findingsOfQuestion: ReadonlyMap<number, readonly FindingRow[]>;
  /** Each finding's sources, most authoritative first. */
  readonly sourcesOfFinding: ReadonlyMap<number, readonly SourceRow[]>;
  /** Each finding's narrative in page order. */
  readonly contentOfFinding: ReadonlyMap<number, readonly ContentBlockRow[]>;
  readonly areasOfFinding: ReadonlyMap<number, readonly AreaForImprovementRow[]>;
  readonly causesOfFinding: ReadonlyMap<number, readonly CauseOfConcernRow[]>;
  /** Each cause of concern's recommendations, in order. */
  readonly recommendationsOfCause: ReadonlyMap<number, readonly string[]>;
}

export const reportKey = (forceId: number, inspectionYearId: number, pillar: Pillar | null) => `${forceId}:${inspectionYearId}:${pillar}`;

/** How many statements a load sends: the test of database work per refresh counts against it. */
export const SNAPSHOT_STATEMENTS = 11;

/** Loads every table the read side serves in one repeatable-read transaction, so the tables agree. */
export async function loadSnapshot(db: Database): Promise<Snapshot> {
  // One statement at a time: a transaction is one connection, which runs them in turn anyway.
  const rows = await db.transaction(
    async (tx) => {
      const q = tx.query;
      const forceRows = await q.forces.findMany({ orderBy: { name: 'asc' } });
      const yearRows = await q.inspectionYears.findMany({ orderBy: { year: 'asc' } });
      const gradeRows = await q.inspectionYearGrades.findMany({ orderBy: { grade: 'asc' } });
      const questionRows = await q.questions.findMany({ orderBy: { pillar: 'asc', position: 'asc', id: 'asc' } });
      const reportRows = await q.reports.findMany({ orderBy: { id: 'asc' } });
      const findingRows = await q.findings.findMany({ orderBy: { reportId: 'asc', position: 'asc', id: 'asc' } });
      const sourceRows = await q.findingSources.findMany({ orderBy: (table) => [table.findingId, ...sourceOrder(table)] });
      const blockRows = await q.contentBlocks.findMany({ columns: { search: false }, orderBy: { findingId: 'asc', position: 'asc' } });
      const areaRows = await q.areasForImprovement.findMany({ orderBy: { findingId: 'asc', position: 'asc' } });
      const causeRows = await q.causesOfConcern.findMany({ orderBy: { findingId: 'asc', position: 'asc' } });
      const recommendationRows = await q.recommendations.findMany({
        columns: { causeOfConcernId: true, text: true },
        orderBy: { causeOfConcernId: 'asc', position: 'asc' },
      });
      return [
        forceRows,
        yearRows,
        gradeRows,
        questionRows,
        reportRows,
        findingRows,
        sourceRows,
        blockRows,
        areaRows,
        causeRows,
        recommendationRows,
      ] as const;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  return indexSnapshot(...rows);
}

function indexSnapshot(
  forceRows: ForceRow[],
  yearRows: YearRow[],
  gradeRows: { inspectionYearId: number; grade: Grade }[],
  questionRows: QuestionRow[],
  reportRows: ReportRow[],
  findingRows: (typeof findings.$inferSelect)[],
  sourceRows: SourceRow[],
  blockRows: ContentBlockRow[],
  areaRows: AreaForImprovementRow[],
  causeRows: CauseOfConcernRow[],
  recommendationRows: { causeOfConcernId: number; text: string }[],
): Snapshot {
  const reportById = byKey(reportRows, (r) => r.id);
  const yearById = byKey(yearRows, (y) => y.id);
  // By year, then pillar as PostgreSQL sorts its enum (declaration order, nulls last), then id.
  const pillarRank = (pillar: Pillar | null) => (pillar === null ? PILLARS.length : PILLARS.indexOf(pillar));
  const reportsInOrder = [...reportRows].sort(
    (a, b) =>
      yearById.get(a.inspectionYearId)!.year - yearById.get(b.inspectionYearId)!.year ||
      pillarRank(a.pillar) - pillarRank(b.pillar) ||
      a.id - b.id,
  );
  const findingList: FindingRow[] = findingRows.map((f) => ({ ...f, forceId: reportById.get(f.reportId)!.forceId }));
  return {
    forces: forceRows,
    forceById: byKey(forceRows, (f) => f.id),
    forceBySlug: byKey(forceRows, (f) => f.slug),
    years: yearRows,
    yearById,
    yearByYear: byKey(yearRows, (y) => y.year),
    scaleOfYear: groupBy(
      gradeRows,
      (g) => g.inspectionYearId,
      (g) => g.grade,
    ),
    questionById: byKey(questionRows, (q) => q.id),
    questionsOfYear: groupBy(questionRows, (q) => q.inspectionYearId),
    reportById,
    reportsOfForce: groupBy(reportsInOrder, (r) => r.forceId),
    reportByKey: byKey(reportRows, (r) => reportKey(r.forceId, r.inspectionYearId, r.pillar)),
    findingById: byKey(findingList, (f) => f.id),
    findingsOfReport: groupBy(findingList, (f) => f.reportId),
    findingsOfQuestion: groupBy(findingList, (f) => f.questionId),
    sourcesOfFinding: groupBy(sourceRows, (s) => s.findingId),
    contentOfFinding: groupBy(blockRows, (b) => b.findingId),
    areasOfFinding: groupBy(areaRows, (a) => a.findingId),
    causesOfFinding: groupBy(causeRows, (c) => c.findingId),
    recommendationsOfCause: groupBy(
      recommendationRows,
      (r) => r.causeOfConcernId,
      (r) => r.text,
    ),
  };
}

function byKey<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T> {
  return new Map(rows.map((row) => [key(row), row]));
}

/** Rows grouped by `key`, each group keeping the rows' order. */
function groupBy<T, K, V = T>(rows: readonly T[], key: (row: T) => K, value: (row: T) => V = (row) => row as unknown as V): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(value(row));
    else groups.set(k, [value(row)]);
  }
  return groups;
}
