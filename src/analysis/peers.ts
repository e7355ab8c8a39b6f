// Which forces' grades resemble a force's in one year, and what changed between two reports. Pure:
// the rows come from queries/year-grades.ts; any row with these fields will do.
import { gradeScores, type Grade } from '../domain/grades.js';
import { scoreOf } from './compare.js';
import { profileDistance, weightedDistance } from './scores.js';

type GradedFinding = { questionId: number; forceId: number; grade: Grade | null };

/** Each force's scores by question id, for the questions it has a grade on. */
function profiles(findings: readonly GradedFinding[]): Map<number, Map<number, number>> {
  const byForce = new Map<number, Map<number, number>>();
  for (const f of findings) {
    if (!f.grade) continue;
    const profile = byForce.get(f.forceId) ?? byForce.set(f.forceId, new Map()).get(f.forceId)!;
    profile.set(f.questionId, gradeScores[f.grade]);
  }
  return byForce;
}

export interface Peer<Fo> {
  force: Fo;
  distance: number;
  /** What peers are ranked by (scores.ts, weightedDistance). */
  weightedDistance: number;
  questionsCompared: number;
  sameGrades: number;
}

/**
 * The `first` forces nearest to `forceId` by grade profile, weighing how many questions back each
 * distance (scores.ts, weightedDistance; ties: more questions compared, then name); forces with no
 * graded question in common are left out.
 */
export function nearestPeers<Fo extends { id: number; name: string }>(
  findings: readonly GradedFinding[],
  forces: readonly Fo[],
  forceId: number,
  first: number,
): Peer<Fo>[] {
  const all = profiles(findings);
  const own = all.get(forceId) ?? new Map<number, number>();
  return forces
    .filter((other) => other.id !== forceId)
    .flatMap((other): Peer<Fo>[] => {
      const theirs = all.get(other.id) ?? new Map<number, number>();
      const measured = profileDistance(own, theirs);
      if (!measured) return [];
      const sameGrades = [...own].filter(([question, score]) => theirs.get(question) === score).length;
      const weighted = weightedDistance(measured.distance, measured.compared);
      return [{ force: other, distance: measured.distance, weightedDistance: weighted, questionsCompared: measured.compared, sameGrades }];
    })
    .sort(
      (a, b) =>
        a.weightedDistance - b.weightedDistance || b.questionsCompared - a.questionsCompared || a.force.name.localeCompare(b.force.name),
    )
    .slice(0, first);
}

/** A force's graded findings by theme (the first question of a theme where a year repeats one). */
export function gradedByTheme<Q extends { id: number; theme: string }, F extends GradedFinding>(
  questions: readonly Q[],
  findings: readonly F[],
  forceId: number,
): Map<string, { finding: F; question: Q }> {
  const byTheme = new Map<string, { finding: F; question: Q }>();
  for (const question of questions) {
    const finding = findings.find((f) => f.forceId === forceId && f.questionId === question.id);
    if (finding?.grade && !byTheme.has(question.theme)) byTheme.set(question.theme, { finding, question });
  }
  return byTheme;
}

export interface GradeChange<Q, F> {
  theme: string;
  a: F;
  b: F;
  questionA: Q;
  questionB: Q;
  change: 'improved' | 'declined';
  scoreChange: number;
}

/** The themes both reports grade, where the grades differ, in the first report's order. */
export function gradeChanges<Q, F extends { grade: Grade | null }>(
  first: ReadonlyMap<string, { finding: F; question: Q }>,
  second: ReadonlyMap<string, { finding: F; question: Q }>,
): GradeChange<Q, F>[] {
  return [...first].flatMap(([theme, left]) => {
    const right = second.get(theme);
    if (!right) return [];
    const scoreChange = scoreOf(right.finding)! - scoreOf(left.finding)!;
    if (scoreChange === 0) return [];
    return [
      {
        theme,
        a: left.finding,
        b: right.finding,
        questionA: left.question,
        questionB: right.question,
        change: scoreChange > 0 ? 'improved' : 'declined',
        scoreChange,
      },
    ];
  });
}
