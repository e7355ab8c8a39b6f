// Findings counted per grade in groups (GROUP BY), in one statement: the read behind gradeCounts.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/connect.js';
import { findings } from '../db/schema.js';
import { scoreSql } from '../db/score-sql.js';
import { GRADES, type GradeCount } from '../domain/grades.js';
import type { Pillar } from '../domain/vocabulary.js';
import { findingConditions, type FindingFilterShape } from './finding-filter.js';

export type Dimension = 'year' | 'pillar' | 'question' | 'theme' | 'region' | 'country' | 'force';

/** What each grouping selects (as the group's fields), groups by and sorts by. */
const DIMENSIONS: Record<Dimension, { columns: Record<string, SQL>; order: SQL[] }> = {
  year: { columns: { year: sql`y.year`, inspectionYear: sql`y.label` }, order: [sql`y.year`] },
  pillar: { columns: { pillar: sql`q.pillar` }, order: [sql`q.pillar`] },
  question: {
    columns: { questionKey: sql`q.key`, question: sql`q.text`, questionPosition: sql`q.position`, questionId: sql`q.id` },
    order: [sql`q.position`, sql`q.id`],
  },
  theme: { columns: { theme: sql`q.theme` }, order: [sql`q.theme`] },
  region: { columns: { region: sql`fo.region` }, order: [sql`fo.region`] },
  country: { columns: { country: sql`fo.country` }, order: [sql`fo.country`] },
  force: { columns: { force: sql`fo.slug`, forceName: sql`fo.name` }, order: [sql`fo.name`] },
};

export interface GradeCountGroup {
  year?: number;
  inspectionYear?: string;
  pillar?: Pillar | null;
  questionKey?: string;
  question?: string;
  theme?: string;
  region?: string;
  country?: string;
  force?: string;
  forceName?: string;
  findings: number;
  graded: number;
  meanScore: number | null;
  distribution: GradeCount[];
}

/** One row per group of the findings the filter selects, grouped and ordered by the dimensions given. */
export async function countGrades(
  db: Database,
  filter: FindingFilterShape | null | undefined,
  dimensions: readonly Dimension[],
): Promise<GradeCountGroup[]> {
  const columns = dimensions.flatMap((d) => Object.entries(DIMENSIONS[d].columns));
  const selected = columns.map(([name, expression]) => sql`${expression} as ${sql.identifier(name)}`);
  const result = (await db.execute(sql`
    select ${sql.join(
      [
        ...selected,
        sql`count(*)::int as findings`,
        sql`count(findings.grade)::int as graded`,
        sql`avg(${scoreSql(sql.raw('findings.grade'))})::float8 as "meanScore"`,
        ...GRADES.map((g) => sql`count(*) filter (where findings.grade = ${g})::int as ${sql.identifier(g)}`),
      ],
      sql`, `,
    )}
    from findings
    join reports r on r.id = findings.report_id
    join forces fo on fo.id = r.force_id
    join inspection_years y on y.id = findings.inspection_year_id
    join questions q on q.id = findings.question_id
    where ${findingConditions(filter, findings)}
    ${
      columns.length
        ? sql`group by ${sql.join(
            columns.map(([, e]) => e),
            sql`, `,
          )}`
        : sql``
    }
    ${
      columns.length
        ? sql`order by ${sql.join(
            dimensions.flatMap((d) => DIMENSIONS[d].order),
            sql`, `,
          )}`
        : sql``
    }`)) as {
    rows: Record<string, unknown>[];
  };
  return result.rows.map((row) => ({
    ...(row as unknown as GradeCountGroup),
    distribution: GRADES.map((grade) => ({ grade, count: row[grade] as number })),
  }));
}
