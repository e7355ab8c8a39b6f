// The whole read side's data at one data version, indexed for the lookups GraphQL fields make.
// Built from the tables of queries/snapshot-tables.ts; after a refresh, every index whose tables did
// not change is the previous snapshot's own (structural sharing), so a small write costs little to
// take in however large the narrative grows. Never changed once built: a newer one replaces it.
import { PILLARS, type Pillar } from '../domain/vocabulary.js';
import type { Grade } from '../domain/grades.js';
import type {
  AreaForImprovementRow,
  CauseOfConcernRow,
  ContentBlockRow,
  FindingTableRow,
  ForceRow,
  QuestionRow,
  ReportRow,
  SourceRow,
  TableField,
  Tables,
  YearRow,
} from './snapshot-tables.js';

export type { AreaForImprovementRow, CauseOfConcernRow, ContentBlockRow, ForceRow, QuestionRow, ReportRow, SourceRow, YearRow };
/** A finding with its report's force, which comparisons group by. */
export type FindingRow = FindingTableRow & { forceId: number };

export interface Snapshot {
  /** The data version it holds: every write committed up to it, none after. */
  readonly version: number;
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

/** Every index of the snapshot, with the tables it is built from. */
type Indexes = Omit<Snapshot, 'version'>;

/**
 * The snapshot of `tables`; with `previous` (built from the tables before a refresh) and the tables
 * that changed since, each index none of whose tables changed is taken from `previous` as it is.
 */
export function buildSnapshot(tables: Tables, previous?: { snapshot: Snapshot; changed: ReadonlySet<TableField> }): Snapshot {
  const stale = (...fields: TableField[]) => !previous || fields.some((field) => previous.changed.has(field));
  const prior = previous?.snapshot;
  const keep = <K extends keyof Indexes>(keys: K[], fields: TableField[], build: () => Pick<Indexes, K>): Pick<Indexes, K> =>
    stale(...fields) ? build() : (Object.fromEntries(keys.map((key) => [key, prior![key]])) as Pick<Indexes, K>);
  const years = keep(['years', 'yearById', 'yearByYear'], ['years'], () => ({
    years: tables.years,
    yearById: byKey(tables.years, (y) => y.id),
    yearByYear: byKey(tables.years, (y) => y.year),
  }));
  const reports = keep(['reportById', 'reportsOfForce', 'reportByKey'], ['reports', 'years'], () =>
    indexReports(tables.reports, years.yearById),
  );
  return {
    version: tables.version,
    ...keep(['forces', 'forceById', 'forceBySlug'], ['forces'], () => ({
      forces: tables.forces,
      forceById: byKey(tables.forces, (f) => f.id),
      forceBySlug: byKey(tables.forces, (f) => f.slug),
    })),
    ...years,
    ...keep(['scaleOfYear'], ['grades'], () => ({
      scaleOfYear: groupBy(
        tables.grades,
        (g) => g.inspectionYearId,
        (g): Grade => g.grade,
      ),
    })),
    ...keep(['questionById', 'questionsOfYear'], ['questions'], () => ({
      questionById: byKey(tables.questions, (q) => q.id),
      questionsOfYear: groupBy(tables.questions, (q) => q.inspectionYearId),
    })),
    ...reports,
    ...keep(['findingById', 'findingsOfReport', 'findingsOfQuestion'], ['findings', 'reports'], () =>
      indexFindings(tables.findings, reports.reportById),
    ),
    // Grouped by the key the change log names, so a refresh has already replaced just the groups that changed.
    sourcesOfFinding: tables.sources,
    contentOfFinding: tables.blocks,
    areasOfFinding: tables.areas,
    causesOfFinding: tables.causes,
    recommendationsOfCause: tables.recommendations,
  };
}

function indexReports(reportRows: readonly ReportRow[], yearById: ReadonlyMap<number, YearRow>) {
  // By year, then pillar as PostgreSQL sorts its enum (declaration order, nulls last), then id.
  const pillarRank = (pillar: Pillar | null) => (pillar === null ? PILLARS.length : PILLARS.indexOf(pillar));
  const reportsInOrder = [...reportRows].sort(
    (a, b) =>
      yearById.get(a.inspectionYearId)!.year - yearById.get(b.inspectionYearId)!.year ||
      pillarRank(a.pillar) - pillarRank(b.pillar) ||
      a.id - b.id,
  );
  return {
    reportById: byKey(reportRows, (r) => r.id),
    reportsOfForce: groupBy(reportsInOrder, (r) => r.forceId),
    reportByKey: byKey(reportRows, (r) => reportKey(r.forceId, r.inspectionYearId, r.pillar)),
  };
}

function indexFindings(findingsById: ReadonlyMap<number, readonly FindingTableRow[]>, reportById: ReadonlyMap<number, ReportRow>) {
  const findingList: FindingRow[] = [];
  for (const [finding] of findingsById.values()) findingList.push({ ...finding!, forceId: reportById.get(finding!.reportId)!.forceId });
  // Report order: by report, then position, then id.
  findingList.sort((a, b) => a.reportId - b.reportId || a.position - b.position || a.id - b.id);
  return {
    findingById: byKey(findingList, (f) => f.id),
    findingsOfReport: groupBy(findingList, (f) => f.reportId),
    findingsOfQuestion: groupBy(findingList, (f) => f.questionId),
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
