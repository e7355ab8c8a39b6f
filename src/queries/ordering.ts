// Orderings shared by several relations, written as SQL so they follow the inspection year's
// calendar year rather than insertion order.
import { sql, type SQL } from 'drizzle-orm';
import type { OrderByOperators } from 'drizzle-orm/relations';
import type { findings, findingSources } from '../db/schema.js';

const yearOf = (inspectionYearId: unknown): SQL => sql`(select y.year from inspection_years y where y.id = ${inspectionYearId})`;

const pillarOfReport = (reportId: unknown): SQL => sql`(select r.pillar from reports r where r.id = ${reportId})`;

/**
 * Sources in the order that decides a finding's grade (the rule is domain/canonical-grade.ts): stated
 * grades first, then kind, basis and the order given. The kind and basis enums are declared in
 * authority order, so sorting by them follows it. The one SQL spelling of that order.
 */
export const sourceAuthority = (source: typeof findingSources): SQL =>
  sql`(${source.gradeStatus} = 'graded') desc, ${source.kind}, ${source.basis}, ${source.position}`;

/** A finding's sources in authority order, for the relation plugin-drizzle plans. */
export const sourceOrder = (table: typeof findingSources) => [sourceAuthority(table)];

/** Findings by inspection year, then pillar, then position in the report. */
export const findingOrder = (table: typeof findings, { asc }: OrderByOperators) => [
  asc(yearOf(table.inspectionYearId)),
  asc(pillarOfReport(table.reportId)),
  asc(table.position),
  asc(table.id),
];

/** A force's history: by question theme, then inspection year, then pillar. */
export const historyOrder = (table: typeof findings, { asc }: OrderByOperators) => [
  asc(sql`(select q.theme from questions q where q.id = ${table.questionId})`),
  asc(yearOf(table.inspectionYearId)),
  asc(pillarOfReport(table.reportId)),
  asc(table.id),
];
