// gradeCounts: counts per grade for groups of findings, grouped in SQL (GROUP BY), so "how did
// East of England forces fare on protecting vulnerable people, year by year?" is one request.
import { sql, type SQL } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { AGGREGATE } from '../aggregate.js';
import { builder } from '../builder.js';
import { PillarEnum } from '../enums.js';
import { findings } from '../../db/schema.js';
import { GRADES, type Grade } from '../../domain/grades.js';
import { scoreSql } from '../../db/score-sql.js';
import type { Pillar } from '../../domain/vocabulary.js';
import { findingConditions } from '../../queries/finding-filter.js';
import { FindingFilter } from './finding.js';
import { GradeCountRef, type GradeCount } from './grade-count.js';

type Dimension = 'year' | 'pillar' | 'question' | 'theme' | 'region' | 'country' | 'force';

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

interface Group {
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

const GradeCountDimensionEnum = builder.enumType('GradeCountDimension', {
  description: 'What to group findings by in gradeCounts.',
  values: {
    YEAR: { value: 'year', description: 'Inspection year.' },
    PILLAR: { value: 'pillar', description: 'Pillar.' },
    QUESTION: { value: 'question', description: 'Question (each year\'s questions are distinct; group by THEME to follow one across years).' },
    THEME: { value: 'theme', description: 'Question theme, stable across reworded years.' },
    REGION: { value: 'region', description: 'Region of the force.' },
    COUNTRY: { value: 'country', description: 'England or Wales.' },
    FORCE: { value: 'force', description: 'Force.' },
  } as const,
});

const GradeCountGroupRef = builder.objectRef<Group>('GradeCountGroup').implement({
  extensions: AGGREGATE,
  description: 'Counts per grade for one group of findings; only the fields named in groupBy are set.',
  fields: (t) => ({
    year: t.int({ nullable: true, description: 'Inspection year (first calendar year), when grouped by YEAR.', resolve: (g) => g.year ?? null }),
    inspectionYear: t.string({ nullable: true, description: 'Inspection year label, when grouped by YEAR.', resolve: (g) => g.inspectionYear ?? null }),
    pillar: t.field({ type: PillarEnum, nullable: true, description: 'Pillar, when grouped by PILLAR (null also for pillar-less years).', resolve: (g) => g.pillar ?? null }),
    questionKey: t.string({ nullable: true, description: 'Question key, when grouped by QUESTION.', resolve: (g) => g.questionKey ?? null }),
    question: t.string({ nullable: true, description: 'Question wording, when grouped by QUESTION.', resolve: (g) => g.question ?? null }),
    theme: t.string({ nullable: true, description: 'Question theme, when grouped by THEME.', resolve: (g) => g.theme ?? null }),
    region: t.string({ nullable: true, description: 'Region, when grouped by REGION.', resolve: (g) => g.region ?? null }),
    country: t.string({ nullable: true, description: 'Country, when grouped by COUNTRY.', resolve: (g) => g.country ?? null }),
    force: t.string({ nullable: true, description: 'Force slug, when grouped by FORCE.', resolve: (g) => g.force ?? null }),
    forceName: t.string({ nullable: true, description: 'Force name, when grouped by FORCE.', resolve: (g) => g.forceName ?? null }),
    findings: t.exposeInt('findings', { description: 'Findings in the group, graded or not.' }),
    graded: t.exposeInt('graded', { description: 'Findings in the group with a grade.' }),
    meanScore: t.float({ nullable: true, description: 'Mean score of the graded findings (5 Outstanding … 1 Inadequate).', resolve: (g) => g.meanScore }),
    distribution: t.field({ type: [GradeCountRef], description: 'Findings per grade, best first, every grade listed.', resolve: (g) => g.distribution }),
  }),
});

builder.queryField('gradeCounts', (t) =>
  t.field({
    type: [GradeCountGroupRef],
    description:
      'Counts findings per grade in groups (e.g. groupBy: [YEAR, REGION]), computed in SQL. With an empty groupBy, one group of everything that matches.',
    args: {
      filter: t.arg({ type: FindingFilter, description: 'Which findings to count; all when omitted.' }),
      groupBy: t.arg({ type: [GradeCountDimensionEnum], required: true, description: 'Dimensions to group by, in order.' }),
    },
    resolve: async (_parent, { filter, groupBy }, { db }) => {
      const dimensions = [...new Set(groupBy)] as Dimension[];
      if (dimensions.length !== groupBy.length) throw new GraphQLError('groupBy names a dimension more than once');
      const columns = dimensions.flatMap((d) => Object.entries(DIMENSIONS[d].columns));
      const selected = columns.map(([name, expression]) => sql`${expression} as ${sql.identifier(name)}`);
      const grades = GRADES;
      const result = (await db.execute(sql`
        select ${sql.join(
          [
            ...selected,
            sql`count(*)::int as findings`,
            sql`count(findings.grade)::int as graded`,
            sql`avg(${scoreSql(sql.raw('findings.grade'))})::float8 as "meanScore"`,
            ...grades.map((g) => sql`count(*) filter (where findings.grade = ${g})::int as ${sql.identifier(g)}`),
          ],
          sql`, `,
        )}
        from findings
        join reports r on r.id = findings.report_id
        join forces fo on fo.id = r.force_id
        join inspection_years y on y.id = findings.inspection_year_id
        join questions q on q.id = findings.question_id
        where ${findingConditions(filter, findings)}
        ${columns.length ? sql`group by ${sql.join(columns.map(([, e]) => e), sql`, `)}` : sql``}
        ${columns.length ? sql`order by ${sql.join(dimensions.flatMap((d) => DIMENSIONS[d].order), sql`, `)}` : sql``}`)) as {
        rows: Record<string, unknown>[];
      };
      return result.rows.map((row) => ({
        ...(row as unknown as Group),
        distribution: grades.map((grade: Grade) => ({ grade, count: row[grade] as number })),
      }));
    },
  }),
);
