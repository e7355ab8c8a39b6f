// An error and the errors it wraps, outermost first: drizzle puts the driver's error in `cause`,
// graphql-js the resolver's in `originalError`. A few links deep at most, so a cycle cannot loop.
export function* errorChain(error: unknown, maxDepth = 6): Generator<{ code?: unknown; message?: unknown }> {
  for (let current = error, depth = 0; current && depth < maxDepth; depth++) {
    yield current as { code?: unknown; message?: unknown };
    current = (current as { originalError?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
}

/** Whether any error in the chain matches. */
export function anyInChain(error: unknown, matches: (link: { code?: unknown; message?: unknown }) => boolean): boolean {
  for (const link of errorChain(error)) if (matches(link)) return true;
  return false;
}
