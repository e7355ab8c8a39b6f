// Admission for things worth keeping only once they repeat (prepared statements, built queries): a
// key is admitted on its `times`-th sighting. Sightings wait in a map bounded both in entries and in
// the characters its keys hold, which starts over when either is full, so keys seen once (a query
// with a per-request closure, an odd SQL text) never pile up; a key longer than `maxKeyChars` is
// never counted or admitted at all.
export interface RepeatBounds {
  maxCounted?: number;
  /** Total characters of the keys waiting to repeat (UTF-16 code units, ~2 bytes each). */
  maxChars?: number;
  maxKeyChars?: number;
}

export function repeatedAfter(
  times: number,
  { maxCounted = 5_000, maxChars = 2 * 1024 * 1024, maxKeyChars = 64 * 1024 }: RepeatBounds = {},
): (key: string) => boolean {
  const counted = new Map<string, number>();
  let chars = 0;
  return (key) => {
    if (key.length > maxKeyChars) return false;
    const seen = (counted.get(key) ?? 0) + 1;
    if (seen >= times) {
      if (counted.delete(key)) chars -= key.length;
      return true;
    }
    if (seen === 1) {
      if (counted.size >= maxCounted || chars + key.length > maxChars) {
        counted.clear();
        chars = 0;
      }
      chars += key.length;
    }
    counted.set(key, seen);
    return false;
  };
}
