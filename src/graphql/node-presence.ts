// Which global IDs name an object that exists. A malformed one (an unknown type, or a non-numeric id
// for a numeric key, which would reach PostgreSQL as an invalid integer) is null without a query.
// `nodes` checks the rest before loading them, one query per type, because plugin-drizzle fails a
// whole batch over one missing row (and remembers the failure for the request); `node` loads its one
// id straight away and reads plugin-drizzle's "not found" as null, which costs no extra statement.
import { inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/connect.js';
import { areasForImprovement, causesOfConcern, findings, forces, inspectionYears, questions, reports } from '../db/schema.js';
import { INPUT_LIMITS } from '../domain/limits.js';

/** Each node type's table and the column its global IDs carry (see each type's `id: { column }`). */
const NODE_KEYS: Record<string, { table: PgTable; column: PgColumn; numeric: boolean }> = {
  Force: { table: forces, column: forces.slug, numeric: false },
  InspectionYear: { table: inspectionYears, column: inspectionYears.slug, numeric: false },
  Question: { table: questions, column: questions.id, numeric: true },
  Report: { table: reports, column: reports.id, numeric: true },
  Finding: { table: findings, column: findings.id, numeric: true },
  AreaForImprovement: { table: areasForImprovement, column: areasForImprovement.id, numeric: true },
  CauseOfConcern: { table: causesOfConcern, column: causesOfConcern.id, numeric: true },
};

export interface ParsedGlobalId {
  typename: string;
  id: string;
}

/** Whether the id names a node type and has the shape of its key. */
export function isWellFormedNodeId({ typename, id }: ParsedGlobalId): boolean {
  const key = Object.hasOwn(NODE_KEYS, typename) ? NODE_KEYS[typename] : undefined;
  if (!key) return false;
  if (key.numeric) return /^[1-9]\d{0,8}$/.test(id);
  // A slug: what decodes from base64 is unchecked text, NUL bytes and broken Unicode included.
  return id.length > 0 && id.length <= INPUT_LIMITS.maxNameChars && !id.includes('\0') && id.isWellFormed();
}

/** plugin-drizzle's error for an id with no row. */
export const isMissingNode = (error: unknown) => error instanceof Error && /^Model \w+\(.*\) not found$/s.test(error.message);

/** A key (typename and id) for each id that names an existing object. */
export async function presentNodeKeys(db: Database, ids: readonly ParsedGlobalId[]): Promise<Set<string>> {
  const byType = new Map<string, Set<string>>();
  for (const { typename, id } of ids) {
    if (!isWellFormedNodeId({ typename, id })) continue;
    if (!byType.has(typename)) byType.set(typename, new Set());
    byType.get(typename)!.add(id);
  }
  const present = new Set<string>();
  await Promise.all(
    [...byType].map(async ([typename, values]) => {
      const { table, column, numeric } = NODE_KEYS[typename]!;
      const rows = await db
        .select({ key: column })
        .from(table)
        .where(
          inArray(
            column,
            [...values].map((value) => (numeric ? Number(value) : value)),
          ),
        );
      for (const { key } of rows) present.add(`${typename}:${String(key)}`);
    }),
  );
  return present;
}
