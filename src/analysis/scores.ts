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
