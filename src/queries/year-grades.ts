// What comparisons work from: one inspection year and pillar, its questions and every force's
// finding on them, taken from the snapshot (queries/snapshot.ts) and kept with it, so every request
// on that snapshot shares one derivation. Derived data, not answers: each request still runs over it.
import { GraphQLError } from 'graphql';
import type { Pillar } from '../domain/vocabulary.js';
import type { Grade } from '../domain/grades.js';
import { closest } from '../domain/normalize.js';
import type { FindingRow, ForceRow, QuestionRow, Snapshot, YearRow } from './snapshot.js';

export type { FindingRow, ForceRow, QuestionRow, YearRow } from './snapshot.js';

export interface YearGrades {
  inspectionYear: YearRow;
  pillar: Pillar | null;
  scale: readonly Grade[];
  /** Headline first, then catalogue order. */
  questions: QuestionRow[];
  allForces: readonly ForceRow[];
  /** Every inspection year by id, for the years findings were carried over from. */
  yearsById: ReadonlyMap<number, YearRow>;
  /** Every force's finding on those questions. */
  findings: FindingRow[];
}

const derived = new WeakMap<Snapshot, Map<string, YearGrades>>();

export function yearGradesOf(snapshot: Snapshot, year: number, pillar: Pillar | null): YearGrades {
  let bySelector = derived.get(snapshot);
  if (!bySelector) derived.set(snapshot, (bySelector = new Map()));
  const key = `${year}:${pillar}`;
  let data = bySelector.get(key);
  if (!data) bySelector.set(key, (data = deriveYearGrades(snapshot, year, pillar)));
  return data;
}

function deriveYearGrades(snapshot: Snapshot, year: number, pillar: Pillar | null): YearGrades {
  const inspectionYear = snapshot.yearByYear.get(year);
  if (!inspectionYear) {
    const known = snapshot.years.map((y) => `${y.year} (${y.label})`);
    throw new GraphQLError(`No inspection year ${year}; known: ${known.join(', ')}`);
  }
  const ofYear = snapshot.questionsOfYear.get(inspectionYear.id) ?? [];
  const yearQuestions = ofYear.filter((q) => q.pillar === pillar);
  if (yearQuestions.length === 0) {
    const pillars = [...new Set(ofYear.map((q) => q.pillar?.toUpperCase() ?? 'null'))];
    throw new GraphQLError(
      `${inspectionYear.label} has no ${pillar ? pillar.toUpperCase() : 'pillar-less'} questions; pillars that year: ${pillars.join(', ')}`,
    );
  }
  const questions = [...yearQuestions].sort((a, b) => Number(b.headline) - Number(a.headline) || a.position - b.position);
  return {
    inspectionYear,
    pillar,
    scale: snapshot.scaleOfYear.get(inspectionYear.id) ?? [],
    questions,
    allForces: snapshot.forces,
    yearsById: snapshot.yearById,
    findings: questions.flatMap((q) => snapshot.findingsOfQuestion.get(q.id) ?? []),
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
