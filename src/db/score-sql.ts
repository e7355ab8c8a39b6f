// The grade score (5 Outstanding … 1 Inadequate) as SQL, built from the same table the API uses.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { gradeScores } from '../domain/grades.js';

/** `case <grade> when 'outstanding' then 5 … end`: null for a finding without a grade. */
export const scoreSql = (grade: SQLWrapper): SQL<number | null> =>
  sql`(case ${grade} ${sql.join(
    Object.entries(gradeScores).map(([g, score]) => sql.raw(`when '${g}' then ${score}`)),
    sql` `,
  )} end)`;
