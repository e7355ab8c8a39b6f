// The SQL condition behind FindingFilter, shared by the findings page and its totalCount.
import { sql, type SQL } from 'drizzle-orm';
import type { findings } from '../db/schema.js';
import { sqlList } from '../db/sql-list.js';

export interface FindingFilterShape {
  forces?: string[] | null;
  years?: number[] | null;
  pillars?: string[] | null;
  grades?: string[] | null;
  questionKeys?: string[] | null;
  themes?: string[] | null;
  headline?: boolean | null;
  conflict?: boolean | null;
  evidence?: string[] | null;
}

export function findingConditions(filter: FindingFilterShape | null | undefined, table: typeof findings): SQL {
  const conditions: SQL[] = [sql`true`];
  if (filter?.forces) {
    conditions.push(
      sql`${table.reportId} in (select r.id from reports r join forces f on f.id = r.force_id where f.slug in ${sqlList(filter.forces)})`,
    );
  }
  if (filter?.years) {
    conditions.push(sql`${table.inspectionYearId} in (select y.id from inspection_years y where y.year in ${sqlList(filter.years)})`);
  }
  if (filter?.conflict != null) conditions.push(sql`${table.conflict} = ${filter.conflict}`);
  if (filter?.grades) conditions.push(sql`${table.grade}::text in ${sqlList(filter.grades)}`);
  if (filter?.evidence) conditions.push(sql`${table.evidence}::text in ${sqlList(filter.evidence)}`);
  const question: SQL[] = [];
  if (filter?.pillars) question.push(sql`q.pillar::text in ${sqlList(filter.pillars)}`);
  if (filter?.questionKeys) question.push(sql`q.key in ${sqlList(filter.questionKeys)}`);
  if (filter?.themes) question.push(sql`q.theme in ${sqlList(filter.themes)}`);
  if (filter?.headline != null) question.push(sql`q.headline = ${filter.headline}`);
  if (question.length > 0) {
    conditions.push(sql`${table.questionId} in (select q.id from questions q where ${sql.join(question, sql` and `)})`);
  }
  return sql.join(conditions, sql` and `);
}
