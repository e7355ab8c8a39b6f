// Flat rows for notebooks and spreadsheets: one row per finding (grades) or per area for
// improvement, with the force, year and question spelled out. Read in keyset pages so an export
// streams in bounded memory whatever the size of the data.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/connect.js';
import { findingSources, findings } from '../db/schema.js';
import { findingConditions, type FindingFilterShape } from './finding-filter.js';
import { sourceAuthority } from './ordering.js';
import { gradeScores, type Grade } from '../domain/grades.js';
import type { Pillar } from '../domain/vocabulary.js';
import type { Evidence, GradeStatus, SourceBasis, SourceKind } from '../domain/vocabulary.js';

export interface GradeTableRow {
  force: string;
  forceName: string;
  region: string;
  year: number;
  inspectionYear: string;
  pillar: Pillar | null;
  questionKey: string;
  question: string;
  theme: string;
  grade: Grade | null;
  score: number | null;
  gradeStatus: GradeStatus;
  carriedOverFrom: string | null;
  conflict: boolean;
  /** Whether HMICFRS says this round's grades compare with the previous round's (false across a framework change). */
  comparableWithPrevious: boolean;
  evidence: Evidence;
  sourceUrl: string | null;
  /** Kind and basis of the source the grade was taken from (the one sourceUrl names). */
  sourceKind: SourceKind;
  sourceBasis: SourceBasis;
  /** How many statements the data holds about the finding. */
  sourceCount: number;
}

export interface AreaForImprovementRow extends Pick<
  GradeTableRow,
  'force' | 'forceName' | 'region' | 'year' | 'inspectionYear' | 'pillar' | 'questionKey' | 'question' | 'theme' | 'grade' | 'sourceUrl'
> {
  position: number;
  text: string;
}

/** The columns every row starts with, and the joins that provide them. */
const findingColumns = sql`
  fo.slug as force, fo.name as "forceName", fo.region, y.year, y.label as "inspectionYear",
  q.pillar::text as pillar, q.key as "questionKey", q.text as question, q.theme, findings.grade::text as grade`;
const findingJoins = sql`
  from findings
  join reports r on r.id = findings.report_id
  join forces fo on fo.id = r.force_id
  join inspection_years y on y.id = findings.inspection_year_id
  join questions q on q.id = findings.question_id`;
/** Rows come out by year, force, pillar and question; `after` resumes past the last row of a page. */
const sortKey = sql`(y.year, fo.slug, coalesce(q.pillar::text, ''), findings.position, findings.id)`;

type Cursor = [number, string, string, number, number];

async function* keysetPages<T>(
  db: Database,
  select: (after: SQL, limit: number) => SQL,
  toCursor: (row: Record<string, unknown>) => Cursor,
  map: (row: Record<string, unknown>) => T,
  pageSize: number,
): AsyncGenerator<T[]> {
  let after: Cursor | null = null;
  for (;;) {
    const condition: SQL = after
      ? sql`${sortKey} > (${sql.join(
          after.map((v) => sql`${v}`),
          sql`, `,
        )})`
      : sql`true`;
    const { rows } = (await db.execute(select(condition, pageSize))) as { rows: Record<string, unknown>[] };
    if (rows.length === 0) return;
    yield rows.map(map);
    if (rows.length < pageSize) return;
    after = toCursor(rows.at(-1)!);
  }
}

const cursorOf = (row: Record<string, unknown>): Cursor => [
  row.year as number,
  row.force as string,
  (row.pillar as string | null) ?? '',
  row._position as number,
  row._id as number,
];

/** The leading columns of a row (enum values as the database writes them). */
const findingFields = (row: Record<string, unknown>) => ({
  force: row.force as string,
  forceName: row.forceName as string,
  region: row.region as string,
  year: row.year as number,
  inspectionYear: row.inspectionYear as string,
  pillar: row.pillar as Pillar | null,
  questionKey: row.questionKey as string,
  question: row.question as string,
  theme: row.theme as string,
  grade: row.grade as Grade | null,
});

/** Grade rows matching the filter, a page at a time (enum values written as in the GraphQL API). */
export function gradeTablePages(db: Database, filter: FindingFilterShape | null | undefined, pageSize = 500) {
  return keysetPages<GradeTableRow>(
    db,
    (after, limit) => sql`
      select ${findingColumns}, findings.grade_status::text as "gradeStatus", c.label as "carriedOverFrom",
        findings.conflict, coalesce(y.comparable_with_previous, false) as "comparableWithPrevious",
        findings.evidence::text as evidence, findings.position as _position, findings.id as _id,
        top.url as "sourceUrl", top.kind::text as "sourceKind", top.basis::text as "sourceBasis",
        (select count(*)::int from ${findingSources} where ${findingSources.findingId} = findings.id) as "sourceCount"
      ${findingJoins}
      left join inspection_years c on c.id = findings.carried_over_from_id
      -- The source the grade was taken from: the most authoritative (every finding has one; a row is never dropped for want of it).
      left join lateral (select ${findingSources.url} as url, ${findingSources.kind} as kind, ${findingSources.basis} as basis
        from ${findingSources} where ${findingSources.findingId} = findings.id
        order by ${sourceAuthority(findingSources)} limit 1) top on true
      where ${findingConditions(filter, findings)} and ${after}
      order by ${sortKey} limit ${limit}`,
    cursorOf,
    (row) => ({
      ...findingFields(row),
      score: row.grade ? gradeScores[row.grade as Grade] : null,
      gradeStatus: row.gradeStatus as GradeStatus,
      carriedOverFrom: row.carriedOverFrom as string | null,
      conflict: row.conflict as boolean,
      comparableWithPrevious: row.comparableWithPrevious as boolean,
      evidence: row.evidence as Evidence,
      sourceUrl: row.sourceUrl as string | null,
      sourceKind: row.sourceKind as SourceKind,
      sourceBasis: row.sourceBasis as SourceBasis,
      sourceCount: row.sourceCount as number,
    }),
    pageSize,
  );
}

/**
 * Areas for improvement of the findings matching the filter. Only imported pages have them (a few
 * per report), so they are read in one statement.
 */
export async function areasForImprovementRows(
  db: Database,
  filter: FindingFilterShape | null | undefined,
): Promise<AreaForImprovementRow[]> {
  const { rows } = (await db.execute(sql`
    select ${findingColumns}, a.position, a.text, r.source_url as "sourceUrl"
    ${findingJoins}
    join areas_for_improvement a on a.finding_id = findings.id
    where ${findingConditions(filter, findings)}
    order by ${sortKey}, a.position`)) as { rows: Record<string, unknown>[] };
  return rows.map((row) => ({
    ...findingFields(row),
    position: row.position as number,
    text: row.text as string,
    sourceUrl: row.sourceUrl as string | null,
  }));
}

/** Every row at once, for the GraphQL field (the data set is a few thousand rows at most). */
export async function collect<T>(pages: AsyncGenerator<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for await (const page of pages) rows.push(...page);
  return rows;
}
