// The SQL condition behind FindingFilter, shared by the findings page and its totalCount.
import { sql, type SQL } from 'drizzle-orm';
import type { findings } from '../../db/schema.js';

export interface FindingFilterShape {
  forces?: string[] | null;
  years?: number[] | null;
  pillars?: string[] | null;
  grades?: string[] | null;
  questionKeys?: string[] | null;
  themes?: string[] | null;
  headline?: boolean | null;
}

const list = (values: readonly (string | number)[]) =>
  values.length === 0 ? sql`(null)` : sql`(${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;

export function findingConditions(filter: FindingFilterShape | null | undefined, table: typeof findings): SQL {
  const conditions: SQL[] = [sql`true`];
  if (filter?.forces) {
    conditions.push(sql`${table.reportId} in (select r.id from reports r join forces f on f.id = r.force_id where f.slug in ${list(filter.forces)})`);
  }
  if (filter?.years) {
    conditions.push(sql`${table.inspectionYearId} in (select y.id from inspection_years y where y.year in ${list(filter.years)})`);
  }
  if (filter?.grades) conditions.push(sql`${table.grade}::text in ${list(filter.grades)}`);
  const question: SQL[] = [];
  if (filter?.pillars) question.push(sql`q.pillar::text in ${list(filter.pillars)}`);
  if (filter?.questionKeys) question.push(sql`q.key in ${list(filter.questionKeys)}`);
  if (filter?.themes) question.push(sql`q.theme in ${list(filter.themes)}`);
  if (filter?.headline != null) question.push(sql`q.headline = ${filter.headline}`);
  if (question.length > 0) {
    conditions.push(sql`${table.questionId} in (select q.id from questions q where ${sql.join(question, sql` and `)})`);
  }
  return sql.join(conditions, sql` and `);
}
