// PostgreSQL's SQLSTATE of an error, wherever drizzle or graphql wrapped it (`cause`, `originalError`).

export function sqlStateOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { originalError?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Two writes to the same rows crossed: a unique key taken meanwhile, a serialization failure or a deadlock. */
export function isWriteConflict(error: unknown): boolean {
  return ['23505', '40001', '40P01'].includes(sqlStateOf(error) ?? '');
}
