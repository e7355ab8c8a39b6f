// Text comparison that ignores typography: curly vs straight quotes, dashes, spacing and case.

/** The form two wordings are compared in: "force’s  Capabilities" and "force's capabilities" agree. */
export function normalizeForMatch(text: string): string {
  return text
    .replace(/[‘’‛′`]/g, "'")
    .replace(/[“”‟″]/g, '"')
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Levenshtein distance, for suggesting the names closest to one that was not found. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The `count` candidates closest to `target`, nearest first. */
export function closest(target: string, candidates: readonly string[], count = 3): string[] {
  // The distance costs the product of the lengths: a target far longer than every candidate is cut,
  // which changes no ranking worth giving (a 2 MB "force name" took 7 s to compare with 43).
  const longest = Math.max(0, ...candidates.map((candidate) => candidate.length));
  const normalized = normalizeForMatch(target.slice(0, 2 * longest + 8));
  // A candidate the target abbreviates ("Cambs" → "Cambridgeshire") comes before mere look-alikes.
  const startsLike = (candidate: string) => normalizeForMatch(candidate).startsWith(normalized.slice(0, 4));
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(normalized, normalizeForMatch(candidate)), prefix: startsLike(candidate) }))
    .sort((a, b) => Number(b.prefix) - Number(a.prefix) || a.distance - b.distance)
    .slice(0, count)
    .map(({ candidate }) => candidate);
}
