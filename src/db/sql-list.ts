// A parenthesised SQL list of bound values, for `x in (…)`; empty lists match nothing.
import { sql, type SQL } from 'drizzle-orm';

export const sqlList = (values: readonly (string | number)[]): SQL =>
  values.length === 0
    ? sql`(null)`
    : sql`(${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )})`;

/** One bound `int[]` parameter, for `x = any(…)` over lists too long to bind value by value. */
export const sqlIntArray = (values: readonly number[]): SQL => sql`${`{${values.join(',')}}`}::int[]`;
