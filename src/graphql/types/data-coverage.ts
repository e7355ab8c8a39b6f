// dataCoverage: how complete the data is, per inspection year and pillar, before anyone trusts a
// comparison. Counted in one SQL statement grouped by question.
import { sql } from 'drizzle-orm';
import { AGGREGATE } from '../aggregate.js';
import { builder } from '../builder.js';
import { sqlList } from '../../db/sql-list.js';
import { PillarEnum } from '../enums.js';
import { GradeCountRef, type GradeCount } from './grade-count.js';
import type { inspectionYears, questions } from '../../db/schema.js';
import { GRADES, type Grade } from '../../domain/grades.js';
import type { Pillar } from '../../domain/vocabulary.js';
import { InspectionYearRef } from './inspection-year.js';
import { QuestionRef } from './question.js';

type QuestionRow = typeof questions.$inferSelect;
type YearRow = typeof inspectionYears.$inferSelect;

interface QuestionCoverage {
  question: QuestionRow;
  forceCount: number;
  withData: number;
  graded: number;
  distribution: GradeCount[];
}

interface Coverage {
  inspectionYear: YearRow;
  pillar: Pillar | null;
  forceCount: number;
  overall: QuestionCoverage | null;
  questions: QuestionCoverage[];
}

const QuestionCoverageRef = builder.objectRef<QuestionCoverage>('QuestionCoverage').implement({
  description: 'How many forces the data covers for one question of one inspection year.',
  fields: (t) => ({
    question: t.field({ type: QuestionRef, description: 'The question.', resolve: (c) => c.question }),
    forcesWithData: t.exposeInt('withData', {
      description: 'Forces with any finding on the question: a grade, or a state such as ungraded or carried over.',
    }),
    forcesGraded: t.exposeInt('graded', {
      description: 'Forces with a grade on the question (stated, or carried over from an earlier finding).',
    }),
    forcesWithoutData: t.int({
      description: 'Forces the data says nothing about for this question.',
      resolve: (c) => c.forceCount - c.withData,
    }),
    distribution: t.field({
      type: [GradeCountRef],
      description: 'Forces per grade on the year\'s scale, best first (grades with no force included, as 0).',
      resolve: (c) => c.distribution,
    }),
  }),
});

const DataCoverageRef = builder.objectRef<Coverage>('DataCoverage').implement({
  extensions: AGGREGATE,
  description: 'Completeness of the data for one inspection year and pillar.',
  fields: (t) => ({
    inspectionYear: t.field({ type: InspectionYearRef, description: 'The inspection round.', resolve: (c) => c.inspectionYear }),
    pillar: t.field({ type: PillarEnum, nullable: true, description: 'The pillar; null from 2021/22.', resolve: (c) => c.pillar }),
    forceCount: t.exposeInt('forceCount', { description: 'Forces in the catalogue (43): the most any count here can reach.' }),
    overall: t.field({
      type: QuestionCoverageRef,
      nullable: true,
      description: 'Coverage of the overall judgement (the headline question); null when the pillar has no headline.',
      resolve: (c) => c.overall,
    }),
    questions: t.field({
      type: [QuestionCoverageRef],
      description: 'Coverage of each question under the headline, in catalogue order.',
      resolve: (c) => c.questions,
    }),
  }),
});

builder.queryField('dataCoverage', (t) =>
  t.field({
    type: [DataCoverageRef],
    description: 'Per inspection year and pillar, how many of the 43 forces have an overall grade and how many have each question graded.',
    args: {
      years: t.arg.intList({ description: 'Only these inspection years (first calendar years); all when omitted.' }),
      pillars: t.arg({ type: [PillarEnum], description: 'Only these pillars; all when omitted.' }),
    },
    resolve: async (_parent, { years, pillars }, { db }) => {
      const grades = GRADES;
      const result = (await db.execute(sql`
        select q.*, y.id as y_id, y.slug as y_slug, y.label as y_label, y.year as y_year,
          y.comparable_with_previous as y_comparable, y.comparison_note as y_note, y.comparison_source_url as y_note_url,
          (select count(*) from forces)::int as force_count,
          (select array_agg(g.grade order by g.grade) from inspection_year_grades g where g.inspection_year_id = y.id)::text[] as scale,
          count(distinct r.force_id)::int as with_data,
          count(distinct r.force_id) filter (where f.grade is not null)::int as graded_count,
          ${sql.join(
            grades.map((g) => sql`count(distinct r.force_id) filter (where f.grade = ${g})::int as ${sql.identifier(g)}`),
            sql`, `,
          )}
        from questions q
        join inspection_years y on y.id = q.inspection_year_id
        left join findings f on f.question_id = q.id
        left join reports r on r.id = f.report_id
        where ${years ? sql`y.year in ${sqlList(years)}` : sql`true`}
          and ${pillars ? sql`q.pillar::text in ${sqlList(pillars)}` : sql`true`}
        group by q.id, y.id
        order by y.year, q.pillar nulls last, q.position, q.id`)) as { rows: Record<string, unknown>[] };

      const coverage = new Map<string, Coverage>();
      for (const row of result.rows) {
        const question = toQuestion(row);
        const key = `${row.y_id}:${question.pillar ?? ''}`;
        const entry =
          coverage.get(key) ??
          coverage
            .set(key, {
              inspectionYear: {
                id: row.y_id as number,
                slug: row.y_slug as string,
                label: row.y_label as string,
                year: row.y_year as number,
                comparableWithPrevious: row.y_comparable as boolean | null,
                comparisonNote: row.y_note as string | null,
                comparisonSourceUrl: row.y_note_url as string | null,
              },
              pillar: question.pillar,
              forceCount: row.force_count as number,
              overall: null,
              questions: [],
            })
            .get(key)!;
        const scale = row.scale as Grade[];
        const questionCoverage: QuestionCoverage = {
          question,
          forceCount: row.force_count as number,
          withData: row.with_data as number,
          graded: row.graded_count as number,
          distribution: scale.map((grade) => ({ grade, count: row[grade] as number })),
        };
        if (question.headline) entry.overall = questionCoverage;
        else entry.questions.push(questionCoverage);
      }
      return [...coverage.values()];
    },
  }),
);

/** The question columns of a coverage row, under the names drizzle gives them. */
function toQuestion(row: Record<string, unknown>): QuestionRow {
  return {
    id: row.id as number,
    inspectionYearId: row.inspection_year_id as number,
    pillar: row.pillar as Pillar | null,
    key: row.key as string,
    text: row.text as string,
    textStatus: row.text_status as QuestionRow['textStatus'],
    position: row.position as number,
    graded: row.graded as boolean | null,
    grading: row.grading as QuestionRow['grading'],
    theme: row.theme as string,
    headline: row.headline as boolean,
    parentId: row.parent_id as number | null,
    sourceUrl: row.source_url as string,
  };
}
