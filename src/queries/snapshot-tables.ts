// The rows the read side serves, table by table, as of one data version. Loaded whole once; after
// that a refresh reads peel_change_log (the migration `data-version`) for the tables and keys that
// changed since the version held, reads only those rows again and shares everything else with the
// previous copy, so a refresh costs what changed, not the size of the data. Each read is one
// statement (one snapshot of the database, one round trip: a refresh under load waits for the
// event loop once, not once per table), its rows as JSON, which the driver parses natively.
import { getColumns, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from '../db/connect.js';
import {
  areasForImprovement,
  causesOfConcern,
  contentBlocks,
  findingSources,
  findings,
  forces,
  inspectionYearGrades,
  inspectionYears,
  questions,
  recommendations,
  reports,
} from '../db/schema.js';
import type { Grade } from '../domain/grades.js';
import { sourceAuthority } from './ordering.js';

export type ForceRow = typeof forces.$inferSelect;
export type YearRow = typeof inspectionYears.$inferSelect;
export type GradeScaleRow = { inspectionYearId: number; grade: Grade };
export type QuestionRow = typeof questions.$inferSelect;
export type ReportRow = typeof reports.$inferSelect;
export type FindingTableRow = typeof findings.$inferSelect;
export type SourceRow = typeof findingSources.$inferSelect;
/** Narrative rows carry what GraphQL serves: no plain text or search vector (search reads those in SQL). */
export type ContentBlockRow = Omit<typeof contentBlocks.$inferSelect, 'plainText' | 'search'>;
/** Areas and causes are GraphQL table types (plugin-drizzle), so they keep the column, read as null. */
export type AreaForImprovementRow = typeof areasForImprovement.$inferSelect;
export type CauseOfConcernRow = typeof causesOfConcern.$inferSelect;

/** Rows grouped by a key (a finding's id, a cause of concern's), each group in its table's order. */
export type Grouped<T> = ReadonlyMap<number, readonly T[]>;

export interface Tables {
  /** The data version these rows are exactly as of: peel_data_version() in the statement that read them. */
  readonly version: number;
  /** Alphabetically by name. */
  readonly forces: readonly ForceRow[];
  /** Oldest first. */
  readonly years: readonly YearRow[];
  readonly grades: readonly GradeScaleRow[];
  /** By pillar, position, id. */
  readonly questions: readonly QuestionRow[];
  /** By id. */
  readonly reports: readonly ReportRow[];
  /** By id (a group of one). */
  readonly findings: Grouped<FindingTableRow>;
  /** By finding, most authoritative first. */
  readonly sources: Grouped<SourceRow>;
  /** By finding, in page order. */
  readonly blocks: Grouped<ContentBlockRow>;
  readonly areas: Grouped<AreaForImprovementRow>;
  readonly causes: Grouped<CauseOfConcernRow>;
  /** Recommendation texts by cause of concern, in order. */
  readonly recommendations: Grouped<string>;
}

export type TableField = Exclude<keyof Tables, 'version'>;

/** A held table: its SQL name, where it goes in Tables, and how its rows are read (JSON objects keyed as drizzle names the columns). */
interface HeldTable {
  readonly name: string;
  readonly field: TableField;
  /** One row as JSON (an object keyed as drizzle names the columns; recommendations a [cause id, text] pair). */
  readonly row: SQL;
  readonly order: SQL;
  /** The column the change log's keys name; none for a small table, which any change reads whole again. */
  readonly key?: { column: AnyPgColumn; of: (row: never) => number; value: (row: never) => unknown };
}

/** `table`'s row as a JSON object with drizzle's property names; `except` left out, `extra` added. */
function jsonRow(table: PgTable, except: readonly string[] = [], extra: Record<string, SQL> = {}): SQL {
  const pairs = [
    ...Object.entries(getColumns(table))
      .filter(([key]) => !except.includes(key))
      .map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`),
    ...Object.entries(extra).map(([key, value]) => sql`${sql.raw(`'${key}'`)}, ${value}`),
  ];
  return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

const same = (row: never) => row as unknown;
const byFinding = (row: never) => (row as { findingId: number }).findingId;

const HELD: readonly HeldTable[] = [
  { name: 'forces', field: 'forces', row: jsonRow(forces), order: sql`${forces.name}` },
  { name: 'inspection_years', field: 'years', row: jsonRow(inspectionYears), order: sql`${inspectionYears.year}` },
  {
    name: 'inspection_year_grades',
    field: 'grades',
    row: jsonRow(inspectionYearGrades),
    order: sql`${inspectionYearGrades.grade}`,
  },
  {
    name: 'questions',
    field: 'questions',
    row: jsonRow(questions),
    order: sql`${questions.pillar}, ${questions.position}, ${questions.id}`,
  },
  { name: 'reports', field: 'reports', row: jsonRow(reports), order: sql`${reports.id}` },
  {
    name: 'findings',
    field: 'findings',
    row: jsonRow(findings),
    order: sql`${findings.id}`,
    key: { column: findings.id, of: (row: never) => (row as { id: number }).id, value: same },
  },
  {
    name: 'finding_sources',
    field: 'sources',
    row: jsonRow(findingSources),
    order: sql`${findingSources.findingId}, ${sourceAuthority(findingSources)}`,
    key: { column: findingSources.findingId, of: byFinding, value: same },
  },
  {
    name: 'content_blocks',
    field: 'blocks',
    // The narrative as GraphQL serves it: no plain text, no search vector; a bullet list as a JSON array.
    row: jsonRow(contentBlocks, ['plainText', 'search']),
    order: sql`${contentBlocks.findingId}, ${contentBlocks.position}`,
    key: { column: contentBlocks.findingId, of: byFinding, value: same },
  },
  {
    name: 'areas_for_improvement',
    field: 'areas',
    row: jsonRow(areasForImprovement, ['search'], { search: sql`null` }),
    order: sql`${areasForImprovement.findingId}, ${areasForImprovement.position}`,
    key: { column: areasForImprovement.findingId, of: byFinding, value: same },
  },
  {
    name: 'causes_of_concern',
    field: 'causes',
    row: jsonRow(causesOfConcern, ['search'], { search: sql`null` }),
    order: sql`${causesOfConcern.findingId}, ${causesOfConcern.position}`,
    key: { column: causesOfConcern.findingId, of: byFinding, value: same },
  },
  {
    name: 'recommendations',
    field: 'recommendations',
    row: sql`json_build_array(${recommendations.causeOfConcernId}, ${recommendations.text})`,
    order: sql`${recommendations.causeOfConcernId}, ${recommendations.position}`,
    key: {
      column: recommendations.causeOfConcernId,
      // Read as [cause id, text] pairs: the group holds the texts.
      of: (row: never) => (row as [number, string])[0],
      value: (row: never) => (row as [number, string])[1],
    },
  },
];

/** The tables the read side holds, by their SQL names (report_revisions is read in SQL only). */
export const HELD_TABLES: readonly string[] = HELD.map((table) => table.name);

/** What a refresh read: the tables as of a version, and which of them differ from the copy before. */
export interface TablesRead {
  tables: Tables;
  changed: ReadonlySet<TableField>;
}

interface RefreshRow {
  version: string | number;
  oldest: string | number | null;
  changes: { table_name: string; keys: number[] | null }[] | null;
  [table: string]: unknown;
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** The data version now committed, as any connection may read it. */
export async function readDataVersion(db: Database | Transaction): Promise<number> {
  const [row] = rowsOf<{ version: string | number }>(await db.execute(sql`select peel_data_version() as version`));
  return Number(row!.version);
}

/**
 * One statement (so one consistent snapshot, and one round trip): the version now, the change log
 * since `since`, and for each held table the rows to read again as a JSON array (null: none). With
 * `whole`, every row of every table.
 */
function refreshStatement(since: number, whole: boolean): SQL {
  const columns = HELD.map((table) => {
    // Written so PostgreSQL can use each table's index on its key: only the rows named are read.
    const wanted = whole
      ? sql`true`
      : table.key
        ? sql`${table.key.column} = any(array(select unnest(keys) from changes where table_name = ${table.name}))`
        : sql`exists (select 1 from changes where table_name = ${table.name})`;
    return sql`(select json_agg(${table.row} order by ${table.order}) from ${sql.identifier(table.name)} where ${wanted}) as ${sql.identifier(table.name)}`;
  });
  return sql`
    with now as (select version, (select min(version) from peel_change_log) as oldest from peel_version_counter),
      changes as (
        select table_name, keys from peel_change_log
        where ${!whole} and version > ${since} and version <= (select version from now))
    select (select version from now) as version, (select oldest from now) as oldest,
      (select json_agg(json_build_object('table_name', table_name, 'keys', keys)) from changes) as changes,
      ${sql.join(columns, sql`, `)}`;
}

/** A refresh read ahead, as soon as a write committed (by embedded PGlite's thread: src/pglite-worker.ts): its rows, and the version they are since. */
export interface PrefetchedRefresh {
  since: number;
  row: RefreshRow;
}

/** Reads the refresh from `since` to the version now committed, for readTables to apply later. */
export async function prefetchRefresh(db: Database, since: number): Promise<PrefetchedRefresh> {
  const [row] = rowsOf<RefreshRow>(await db.execute(refreshStatement(since, false)));
  return { since, row: row! };
}

const isPrefetched = (value: unknown): value is PrefetchedRefresh =>
  typeof value === 'object' && value !== null && typeof (value as PrefetchedRefresh).since === 'number' && 'row' in value;

/**
 * The tables as of the newest committed version: `previous` plus the rows whose keys changed since
 * its version, when the change log still covers them; otherwise read whole. A `prefetched` refresh
 * read since `previous`'s version or earlier stands in for the read (re-reading a key changed before
 * `previous` only reads its rows again).
 */
export async function readTables(db: Database, previous: Tables | null, prefetched?: unknown): Promise<TablesRead> {
  if (previous) {
    const ahead = isPrefetched(prefetched) && prefetched.since <= previous.version ? prefetched.row : undefined;
    const [row] = ahead ? [ahead] : rowsOf<RefreshRow>(await db.execute(refreshStatement(previous.version, false)));
    const version = Number(row!.version);
    if (version === previous.version) return { tables: previous, changed: new Set() };
    // The log keeps every version from its oldest on (pruning drops whole versions, oldest first).
    if (version < previous.version) return readTables(db, previous); // read ahead of an older snapshot than this one
    const covered = version > previous.version && row!.oldest !== null && previous.version >= Number(row!.oldest) - 1;
    // A TRUNCATE names no keys: read everything again (rare).
    const truncated = (row!.changes ?? []).some((change) => change.keys === null);
    if (covered && !truncated) return applyChanges(previous, version, row!);
  }
  const [row] = rowsOf<RefreshRow>(await db.execute(refreshStatement(-1, true)));
  const tables: Record<string, unknown> = { version: Number(row!.version) };
  for (const table of HELD) {
    const rows = (row![table.name] as never[] | null) ?? [];
    tables[table.field] = table.key ? regroup(new Map(), null, rows, table.key) : rows;
  }
  return { tables: tables as unknown as Tables, changed: new Set(HELD.map((table) => table.field)) };
}

function applyChanges(previous: Tables, version: number, row: RefreshRow): TablesRead {
  const dirty = dirtyKeys(row.changes ?? []);
  const tables: Record<string, unknown> = { ...previous, version };
  const changed = new Set<TableField>();
  for (const table of HELD) {
    if (!dirty.has(table.name)) continue;
    const rows = (row[table.name] as never[] | null) ?? [];
    const keys = dirty.get(table.name)!;
    tables[table.field] = table.key && keys ? regroup(previous[table.field] as Grouped<unknown>, [...keys], rows, table.key) : rows;
    changed.add(table.field);
  }
  return { tables: tables as unknown as Tables, changed };
}

/** Keys changed per held table; null for a small table, read whole. (A TRUNCATE, which names no keys, never gets here: readTables reads everything again.) */
function dirtyKeys(changes: readonly { table_name: string; keys: readonly number[] | null }[]): Map<string, Set<number> | null> {
  const dirty = new Map<string, Set<number> | null>();
  for (const { table_name: name, keys } of changes) {
    const table = HELD.find((held) => held.name === name);
    if (!table) continue;
    if (!table.key) {
      dirty.set(name, null);
      continue;
    }
    const set = dirty.get(name) ?? new Set<number>();
    for (const key of keys ?? []) set.add(key);
    dirty.set(name, set);
  }
  return dirty;
}

/** `groups` with the groups of `keys` (every group when null) replaced by those of `rows`. */
function regroup(
  groups: Grouped<unknown>,
  keys: readonly number[] | null,
  rows: readonly never[],
  key: NonNullable<HeldTable['key']>,
): Grouped<unknown> {
  const next = new Map<number, unknown[]>(keys === null ? [] : (groups as Map<number, unknown[]>));
  if (keys !== null) for (const k of keys) next.delete(k);
  for (const row of rows) {
    const k = key.of(row);
    const group = next.get(k);
    // A group read in this refresh is new here; one copied from before is never appended to (its keys were deleted above).
    if (group) group.push(key.value(row));
    else next.set(k, [key.value(row)]);
  }
  return next;
}

/** Drops log entries of versions older than the oldest logged within `keepMinutes`: a server further behind reads whole. */
export async function pruneChangeLog(db: Database, keepMinutes = 10): Promise<void> {
  await db.execute(
    sql`delete from peel_change_log where version < (
          select coalesce(min(version), (select version from peel_version_counter))
          from peel_change_log where logged_at > now() - make_interval(mins => ${keepMinutes}))`,
  );
}
