// Forces side by side on one year's questions: each force's finding per question, its rank among the
// graded forces, its distance from the national median, and the national distribution. Pure: the
// rows come from queries/year-grades.ts; any row with these fields will do.
import { gradeScores, type Grade, type GradeCount } from '../domain/grades.js';
import { median, rankOf } from './scores.js';

/** Counts per grade of a year's scale, best first, including grades nobody got (as 0). */
export function distributionOf(scale: readonly Grade[], grades: readonly (Grade | null)[]): GradeCount[] {
  return scale.map((grade) => ({ grade, count: grades.filter((g) => g === grade).length }));
}

/** A finding's score (5 Outstanding … 1 Inadequate); null without a finding or a grade. */
export const scoreOf = (finding: { grade: Grade | null } | null | undefined) => (finding?.grade ? gradeScores[finding.grade] : null);

interface YearFindings<Q, F, Fo> {
  scale: readonly Grade[];
  /** Headline first, then catalogue order. */
  questions: readonly Q[];
  allForces: readonly Fo[];
  findings: readonly F[];
}

export interface ComparisonCell<Fo, F> {
  force: Fo;
  finding: F | null;
  rank: number | null;
  differenceFromMedian: number | null;
}

export interface ComparisonRow<Q, Fo, F> {
  question: Q;
  cells: ComparisonCell<Fo, F>[];
  distribution: GradeCount[];
  forcesGraded: number;
  forcesWithoutData: number;
  medianScore: number | null;
}

/** One question's national picture, the same whichever forces are compared. */
export interface QuestionSummary<Q, F> {
  question: Q;
  byForce: ReadonlyMap<number, F>;
  /** Every graded force's score. */
  scores: readonly number[];
  /** The rank each score present holds among them (rankOf, worked out once per score). */
  ranks: ReadonlyMap<number, number>;
  distribution: GradeCount[];
  forcesWithoutData: number;
  medianScore: number | null;
}

/** Each question's national picture; depends only on the year's data, so a caller may keep it with the data. */
export function summarizeQuestions<
  Q extends { id: number },
  F extends { questionId: number; forceId: number; grade: Grade | null },
  Fo extends { id: number },
>(data: YearFindings<Q, F, Fo>): QuestionSummary<Q, F>[] {
  const byQuestion = new Map<number, F[]>();
  for (const finding of data.findings) {
    const group = byQuestion.get(finding.questionId);
    if (group) group.push(finding);
    else byQuestion.set(finding.questionId, [finding]);
  }
  return data.questions.map((question) => {
    const onQuestion = byQuestion.get(question.id) ?? [];
    const scores = onQuestion.flatMap((f) => (f.grade ? [gradeScores[f.grade]] : []));
    return {
      question,
      byForce: new Map(onQuestion.map((f) => [f.forceId, f])),
      scores,
      ranks: new Map([...new Set(scores)].map((score) => [score, rankOf(score, scores)])),
      distribution: distributionOf(
        data.scale,
        onQuestion.map((f) => f.grade),
      ),
      forcesWithoutData: data.allForces.length - new Set(onQuestion.map((f) => f.forceId)).size,
      medianScore: median(scores),
    };
  });
}

/** One row per question, one cell per force in the order given. */
export function compareForces<
  Q extends { id: number },
  F extends { questionId: number; forceId: number; grade: Grade | null },
  Fo extends { id: number },
>(
  data: YearFindings<Q, F, Fo>,
  forces: readonly Fo[],
  summaries: readonly QuestionSummary<Q, F>[] = summarizeQuestions(data),
): ComparisonRow<Q, Fo, F>[] {
  return summaries.map(({ question, byForce, scores, ranks, distribution, forcesWithoutData, medianScore }) => ({
    question,
    cells: forces.map((force) => {
      const finding = byForce.get(force.id) ?? null;
      const score = scoreOf(finding);
      return {
        force,
        finding,
        rank: score === null ? null : ranks.get(score)!,
        differenceFromMedian: score === null || medianScore === null ? null : score - medianScore,
      };
    }),
    distribution,
    forcesGraded: scores.length,
    forcesWithoutData,
    medianScore,
  }));
}
