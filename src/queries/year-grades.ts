// Loads what comparisons work from: one inspection year and pillar, its questions, every force's
// finding on them, in a fixed number of statements however many forces are asked about.
import { GraphQLError } from 'graphql';
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/connect.js';
import { findings, forces, inspectionYears, questions, reports } from '../db/schema.js';
import type { Pillar } from '../domain/vocabulary.js';
import type { Grade } from '../domain/grades.js';
import { closest } from '../domain/normalize.js';

export type QuestionRow = typeof questions.$inferSelect;
export type FindingRow = typeof findings.$inferSelect & { forceId: number };
export type ForceRow = typeof forces.$inferSelect;
export type YearRow = typeof inspectionYears.$inferSelect;

export interface YearGrades {
  inspectionYear: YearRow;
  pillar: Pillar | null;
  scale: Grade[];
  /** Headline first, then catalogue order. */
  questions: QuestionRow[];
  allForces: ForceRow[];
  /** Every inspection year by id, for the years findings were carried over from. */
  yearsById: Map<number, YearRow>;
  /** Every force's finding on those questions. */
  findings: FindingRow[];
}

export async function loadYearGrades(db: Database, year: number, pillar: Pillar | null): Promise<YearGrades> {
  const inspectionYear = await db.query.inspectionYears.findFirst({
    where: { year },
    with: { grades: { columns: { grade: true }, orderBy: { grade: 'asc' } }, questions: { orderBy: { position: 'asc', id: 'asc' } } },
  });
  if (!inspectionYear) {
    const known = await db.query.inspectionYears.findMany({ columns: { year: true, label: true }, orderBy: { year: 'asc' } });
    throw new GraphQLError(`No inspection year ${year}; known: ${known.map((y) => `${y.year} (${y.label})`).join(', ')}`);
  }
  const yearQuestions = inspectionYear.questions.filter((q) => q.pillar === pillar);
  if (yearQuestions.length === 0) {
    const pillars = [...new Set(inspectionYear.questions.map((q) => q.pillar?.toUpperCase() ?? 'null'))];
    throw new GraphQLError(
      `${inspectionYear.label} has no ${pillar ? pillar.toUpperCase() : 'pillar-less'} questions; pillars that year: ${pillars.join(', ')}`,
    );
  }
  const questionIds = yearQuestions.map((q) => q.id);
  const [allForces, years, rows] = await Promise.all([
    db.select().from(forces).orderBy(forces.name),
    db.select().from(inspectionYears),
    db
      .select({ finding: findings, forceId: reports.forceId })
      .from(findings)
      .innerJoin(reports, eq(reports.id, findings.reportId))
      .where(inArray(findings.questionId, questionIds)),
  ]);
  return {
    inspectionYear,
    pillar,
    scale: inspectionYear.grades.map((g) => g.grade),
    questions: [...yearQuestions].sort((a, b) => Number(b.headline) - Number(a.headline) || a.position - b.position),
    allForces,
    yearsById: new Map(years.map((y) => [y.id, y])),
    findings: rows.map(({ finding, forceId }) => ({ ...finding, forceId })),
  };
}

/** The forces named by slugs, in the order given; unknown or repeated slugs are a clear error. */
export function forcesBySlug(allForces: readonly ForceRow[], slugs: readonly string[]): ForceRow[] {
  const bySlug = new Map(allForces.map((f) => [f.slug, f]));
  const unknown = slugs.filter((slug) => !bySlug.has(slug));
  if (unknown.length > 0) {
    throw new GraphQLError(
      `Unknown force slug(s): ${unknown.map((slug) => `"${slug}" (did you mean ${closest(slug, [...bySlug.keys()], 2).join(' or ')}?)`).join(', ')}`,
    );
  }
  const repeated = slugs.filter((slug, index) => slugs.indexOf(slug) !== index);
  if (repeated.length > 0) throw new GraphQLError(`Force slug(s) given more than once: ${[...new Set(repeated)].join(', ')}`);
  return slugs.map((slug) => bySlug.get(slug)!);
}
