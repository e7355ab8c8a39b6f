// Statistics over grade scores (5 Outstanding … 1 Inadequate) used by comparisons.

/** The median of some scores; null when there are none. */
export function median(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Competition rank of a score among scores (1 = best; ties share a rank: 1, 2, 2, 4). */
export function rankOf(score: number, scores: readonly number[]): number {
  return 1 + scores.filter((other) => other > score).length;
}

/**
 * What a peer's distance is drawn towards when few questions back it: as if the two forces also
 * differed by one grade (what forces do on a typical question) on two more questions.
 */
export const PEER_PRIOR = { questions: 2, distance: 1 } as const;

/**
 * The distance peers are ranked by: the differences plus PEER_PRIOR's, over the questions compared
 * plus its questions. It shrinks towards the raw distance as the overlap grows, so that one question
 * in common (distance 0: weighted 0.67) cannot outrank five with one a grade apart (distance 0.2: 0.43).
 */
export function weightedDistance(distance: number, compared: number): number {
  return (distance * compared + PEER_PRIOR.distance * PEER_PRIOR.questions) / (compared + PEER_PRIOR.questions);
}

/**
 * Distance between two forces' grade profiles: the mean absolute score difference over the
 * questions both have grades for (0 = identical grades; 4 = Outstanding against Inadequate
 * everywhere). Null when they share no graded question.
 */
export function profileDistance(
  a: ReadonlyMap<number, number>,
  b: ReadonlyMap<number, number>,
): { distance: number; compared: number } | null {
  const shared = [...a.keys()].filter((question) => b.has(question));
  if (shared.length === 0) return null;
  const total = shared.reduce((sum, question) => sum + Math.abs(a.get(question)! - b.get(question)!), 0);
  return { distance: total / shared.length, compared: shared.length };
}
