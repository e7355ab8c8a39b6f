// How complete the data is, per inspection year and pillar: forces with any finding and with a grade
// on each question, and the grade distribution, in one statement grouped by question.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/connect.js';
import type { inspectionYears, questions } from '../db/schema.js';
import { sqlList } from '../db/sql-list.js';
import { GRADES, type Grade, type GradeCount } from '../domain/grades.js';
import type { Pillar } from '../domain/vocabulary.js';

type QuestionRow = typeof questions.$inferSelect;
type YearRow = typeof inspectionYears.$inferSelect;

export interface QuestionCoverage {
  question: QuestionRow;
  forceCount: number;
  withData: number;
  graded: number;
  distribution: GradeCount[];
}

export interface Coverage {
  inspectionYear: YearRow;
  pillar: Pillar | null;
  forceCount: number;
  overall: QuestionCoverage | null;
  questions: QuestionCoverage[];
}

/** Coverage of the given years and pillars (all when null), by year then pillar, questions in catalogue order. */
export async function loadCoverage(
  db: Database,
  years: readonly number[] | null | undefined,
  pillars: readonly Pillar[] | null | undefined,
): Promise<Coverage[]> {
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
}

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
