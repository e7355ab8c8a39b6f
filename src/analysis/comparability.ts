// Whether two rounds' grades can be compared directly. HMICFRS changed its framework in 2021/22 and
// again for 2023-25, and says each time that the new grades cannot be compared with the round before.

export interface Comparability {
  comparable: boolean;
  /** Null when comparable; else the note of each break between the two rounds. */
  caveat: string | null;
  /** Null when comparable; else where HMICFRS says so, one URL per break, separated by spaces. */
  caveatSourceUrl: string | null;
}

/** What a round says about comparing it with the one before (an inspection year's row has these). */
interface RoundComparability {
  year: number;
  label: string;
  comparableWithPrevious: boolean | null;
  comparisonNote: string | null;
  comparisonSourceUrl: string | null;
}

/** The breaks between two rounds (either order): the later rounds, up to and including the later one, that do not compare with the round before. */
export function comparabilityBetween(rounds: Iterable<RoundComparability>, yearA: number, yearB: number): Comparability {
  const [earlier, later] = yearA <= yearB ? [yearA, yearB] : [yearB, yearA];
  const breaks = [...rounds]
    .filter((round) => round.year > earlier && round.year <= later && round.comparableWithPrevious === false)
    .sort((x, y) => x.year - y.year);
  if (breaks.length === 0) return { comparable: true, caveat: null, caveatSourceUrl: null };
  return {
    comparable: false,
    caveat: breaks.length === 1 ? breaks[0]!.comparisonNote : breaks.map((round) => `${round.label}: ${round.comparisonNote}`).join(' '),
    caveatSourceUrl: breaks.map((round) => round.comparisonSourceUrl).join(' '),
  };
}
