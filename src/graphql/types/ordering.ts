// Orderings shared by several relations, written as SQL so they follow the inspection year's
// calendar year rather than insertion order.
import { sql, type SQL } from 'drizzle-orm';
import type { OrderByOperators } from 'drizzle-orm/relations';
import type { reports } from '../../db/schema.js';

const yearOf = (inspectionYearId: unknown): SQL =>
  sql`(select y.year from inspection_years y where y.id = ${inspectionYearId})`;

/** Reports by inspection year, then pillar in PEEL order. */
export const reportOrder = (table: typeof reports, { asc }: OrderByOperators) => [
  asc(yearOf(table.inspectionYearId)),
  asc(table.pillar),
  asc(table.id),
];
