// The rows the read side serves, table by table, as of one data version. Loaded whole once; after
// that a refresh reads peel_change_log (the migration `data-version`) for the tables and keys that
// changed since the version held, reads only those rows again and shares everything else with the
// previous copy, so a refresh costs what changed, not the size of the data.
import { getColumns, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from '../db/connect.js';
import {
  areasForImprovement,
  causesOfConcern,
  contentBlocks,
  findingSources,
  findings,
  forces,
  inspectionYears,
  questions,
  recommendations,
  reports,
} from '../db/schema.js';
import { sqlIntArray } from '../db/sql-list.js';
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
  /** The data version these rows are exactly as of: peel_data_version() in the transaction that read them. */
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

/** A small table: any change reads it whole again. */
interface WholeTable<F extends TableField> {
  readonly field: F;
  load(tx: Transaction): Promise<Tables[F]>;
}

/** A table read by key: a change reads again only the groups whose keys it names. */
interface KeyedTable<F extends TableField, Row> {
  readonly field: F;
  /** Rows whose key is in `keys` (all rows when null), ordered by key, then the group's order. */
  load(tx: Transaction, keys: readonly number[] | null): Promise<Row[]>;
  keyOf(row: Row): number;
  valueOf(row: Row): Tables[F] extends Grouped<infer V> ? V : never;
}

/** Rows of `column` in `keys`; every row when `keys` is null. */
const inKeys = (column: AnyPgColumn, keys: readonly number[] | null): SQL | undefined =>
  keys === null ? undefined : sql`${column} = any(${sqlIntArray(keys)})`;

const same = <T>(row: T) => row;

const noSearch = sql<string | null>`null`;
const areaColumns = { ...getColumns(areasForImprovement), search: noSearch };
const causeColumns = { ...getColumns(causesOfConcern), search: noSearch };
const { search: _blockSearch, plainText: _blockText, items: _blockItems, ...blockColumns } = getColumns(contentBlocks);

const WHOLE = {
  forces: { field: 'forces', load: (tx) => tx.query.forces.findMany({ orderBy: { name: 'asc' } }) },
  inspection_years: { field: 'years', load: (tx) => tx.query.inspectionYears.findMany({ orderBy: { year: 'asc' } }) },
  inspection_year_grades: {
    field: 'grades',
    load: (tx) => tx.query.inspectionYearGrades.findMany({ orderBy: { grade: 'asc' } }),
  },
  questions: {
    field: 'questions',
    load: (tx) => tx.query.questions.findMany({ orderBy: { pillar: 'asc', position: 'asc', id: 'asc' } }),
  },
  reports: { field: 'reports', load: (tx) => tx.query.reports.findMany({ orderBy: { id: 'asc' } }) },
} satisfies Record<string, WholeTable<TableField>>;

const KEYED = {
  findings: {
    field: 'findings',
    load: (tx, keys) => tx.select().from(findings).where(inKeys(findings.id, keys)).orderBy(findings.id),
    keyOf: (row) => row.id,
    valueOf: same,
  } satisfies KeyedTable<'findings', FindingTableRow>,
  finding_sources: {
    field: 'sources',
    load: (tx, keys) =>
      tx
        .select()
        .from(findingSources)
        .where(inKeys(findingSources.findingId, keys))
        .orderBy(findingSources.findingId, sourceAuthority(findingSources)),
    keyOf: (row) => row.findingId,
    valueOf: same,
  } satisfies KeyedTable<'sources', SourceRow>,
  content_blocks: {
    field: 'blocks',
    // Bullet lists as JSON: the driver parses JSON natively, while a text[] is parsed character by character in JavaScript.
    load: (tx, keys) =>
      tx
        .select({ ...blockColumns, items: sql<string[] | null>`array_to_json(${contentBlocks.items})` })
        .from(contentBlocks)
        .where(inKeys(contentBlocks.findingId, keys))
        .orderBy(contentBlocks.findingId, contentBlocks.position),
    keyOf: (row) => row.findingId,
    valueOf: same,
  } satisfies KeyedTable<'blocks', ContentBlockRow>,
  areas_for_improvement: {
    field: 'areas',
    load: (tx, keys) =>
      tx
        .select(areaColumns)
        .from(areasForImprovement)
        .where(inKeys(areasForImprovement.findingId, keys))
        .orderBy(areasForImprovement.findingId, areasForImprovement.position),
    keyOf: (row) => row.findingId,
    valueOf: same,
  } satisfies KeyedTable<'areas', AreaForImprovementRow>,
  causes_of_concern: {
    field: 'causes',
    load: (tx, keys) =>
      tx
        .select(causeColumns)
        .from(causesOfConcern)
        .where(inKeys(causesOfConcern.findingId, keys))
        .orderBy(causesOfConcern.findingId, causesOfConcern.position),
    keyOf: (row) => row.findingId,
    valueOf: same,
  } satisfies KeyedTable<'causes', CauseOfConcernRow>,
  recommendations: {
    field: 'recommendations',
    load: (tx, keys) =>
      tx
        .select({ causeOfConcernId: recommendations.causeOfConcernId, text: recommendations.text })
        .from(recommendations)
        .where(inKeys(recommendations.causeOfConcernId, keys))
        .orderBy(recommendations.causeOfConcernId, recommendations.position),
    keyOf: (row) => row.causeOfConcernId,
    valueOf: (row) => row.text,
  } satisfies KeyedTable<'recommendations', { causeOfConcernId: number; text: string }>,
};

type WholeName = keyof typeof WHOLE;
type KeyedName = keyof typeof KEYED;

/** The tables the read side holds, by their SQL names (report_revisions is read in SQL only). */
export const HELD_TABLES: readonly string[] = [...Object.keys(WHOLE), ...Object.keys(KEYED)];

/** More keys than this for one table and it is read whole: one scan beats a long key list. */
const MAX_KEYS = 2_000;

/** What a refresh read: the tables as of a version, and which of them differ from the copy before. */
export interface TablesRead {
  tables: Tables;
  changed: ReadonlySet<TableField>;
}

interface VersionRow {
  version: string | number;
  oldest: string | number | null;
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** The data version now committed, as any connection may read it. */
export async function readDataVersion(db: Database | Transaction): Promise<number> {
  const [row] = rowsOf<{ version: string | number }>(await db.execute(sql`select peel_data_version() as version`));
  return Number(row!.version);
}

/**
 * The tables as of the newest committed version, read in one repeatable-read transaction: from
 * `previous` plus the rows whose keys changed since its version when the change log still covers
 * them, otherwise whole.
 */
export function readTables(db: Database, previous: Tables | null): Promise<TablesRead> {
  return db.transaction(
    async (tx) => {
      const [now] = rowsOf<VersionRow>(
        await tx.execute(sql`select version, (select min(version) from peel_change_log) as oldest from peel_data_version`),
      );
      const version = Number(now!.version);
      if (previous && version === previous.version) return { tables: previous, changed: new Set() };
      // The log keeps every version from its oldest on (pruning drops whole versions, oldest first).
      const covered =
        previous !== null && version > previous.version && now!.oldest !== null && previous.version >= Number(now!.oldest) - 1;
      if (!covered) return { tables: await readWhole(tx, version), changed: new Set(ALL_FIELDS) };
      const changes = rowsOf<{ table_name: string; keys: number[] | null }>(
        await tx.execute(
          sql`select table_name, keys from peel_change_log where version > ${previous.version} and version <= ${version} order by id`,
        ),
      );
      return readChanged(tx, previous, version, dirtyKeys(changes));
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

const ALL_FIELDS: readonly TableField[] = [...Object.values(WHOLE), ...Object.values(KEYED)].map((t) => t.field);

/** Keys changed per held table; null for a table to read whole. */
export function dirtyKeys(changes: readonly { table_name: string; keys: readonly number[] | null }[]): Map<string, Set<number> | null> {
  const dirty = new Map<string, Set<number> | null>();
  for (const { table_name: table, keys } of changes) {
    if (!HELD_TABLES.includes(table)) continue;
    const known = dirty.get(table);
    if (known === null) continue;
    if (keys === null || table in WHOLE) {
      dirty.set(table, null);
      continue;
    }
    const set = known ?? new Set<number>();
    for (const key of keys) set.add(key);
    dirty.set(table, set.size > MAX_KEYS ? null : set);
  }
  return dirty;
}

async function readWhole(tx: Transaction, version: number): Promise<Tables> {
  const tables: Record<string, unknown> = { version };
  // One statement at a time: a transaction is one connection, which runs them in turn anyway.
  for (const table of Object.values(WHOLE)) tables[table.field] = await table.load(tx);
  for (const table of Object.values(KEYED) as unknown as KeyedTable<TableField, unknown>[]) {
    tables[table.field] = regroup(new Map(), null, await table.load(tx, null), table);
  }
  return tables as unknown as Tables;
}

async function readChanged(
  tx: Transaction,
  previous: Tables,
  version: number,
  dirty: Map<string, Set<number> | null>,
): Promise<TablesRead> {
  const tables: Record<string, unknown> = { ...previous, version };
  const changed = new Set<TableField>();
  for (const [name, keys] of dirty) {
    if (name in WHOLE) {
      const table = WHOLE[name as WholeName] as WholeTable<TableField>;
      tables[table.field] = await table.load(tx);
      changed.add(table.field);
    } else {
      const table = KEYED[name as KeyedName] as unknown as KeyedTable<TableField, unknown>;
      const list = keys === null ? null : [...keys].sort((a, b) => a - b);
      const rows = await table.load(tx, list);
      tables[table.field] = regroup(previous[table.field] as Grouped<unknown>, list, rows, table);
      changed.add(table.field);
    }
  }
  return { tables: tables as unknown as Tables, changed };
}

/** `groups` with the groups of `keys` (every group when null) replaced by those of `rows`. */
function regroup<Row>(
  groups: Grouped<unknown>,
  keys: readonly number[] | null,
  rows: readonly Row[],
  table: Pick<KeyedTable<TableField, Row>, 'keyOf' | 'valueOf'>,
): Grouped<unknown> {
  const next = new Map<number, unknown[]>(keys === null ? [] : (groups as Map<number, unknown[]>));
  if (keys !== null) for (const key of keys) next.delete(key);
  for (const row of rows) {
    const key = table.keyOf(row);
    const group = next.get(key);
    // A group read in this refresh is new here; one copied from before is never appended to (its keys were deleted above).
    if (group) group.push(table.valueOf(row));
    else next.set(key, [table.valueOf(row)]);
  }
  return next;
}

/** Drops log entries of versions older than the oldest logged within `keepMinutes`: a server further behind reads whole. */
export async function pruneChangeLog(db: Database, keepMinutes = 10): Promise<void> {
  await db.execute(
    sql`delete from peel_change_log where version < (
          select coalesce(min(version), (select version from peel_data_version))
          from peel_change_log where logged_at > now() - make_interval(mins => ${keepMinutes}))`,
  );
}
