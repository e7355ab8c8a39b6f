// Admission for things worth keeping only once they repeat (prepared statements, built queries): a
// key is admitted on its `times`-th sighting. Sightings wait in a bounded map that starts over when
// full, so keys seen once (a query with a per-request closure, an odd SQL text) never pile up.
export function repeatedAfter(times: number, maxCounted = 5_000): (key: string) => boolean {
  const counted = new Map<string, number>();
  return (key) => {
    const seen = (counted.get(key) ?? 0) + 1;
    if (seen >= times) {
      counted.delete(key);
      return true;
    }
    if (counted.size >= maxCounted) counted.clear();
    counted.set(key, seen);
    return false;
  };
}
