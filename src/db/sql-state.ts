// PostgreSQL's SQLSTATE of an error, wherever drizzle or graphql wrapped it (`cause`, `originalError`).
import { errorChain } from './error-chain.js';

export function sqlStateOf(error: unknown): string | undefined {
  for (const { code } of errorChain(error)) if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  return undefined;
}

/** Two writes to the same rows crossed: a unique key taken meanwhile, a serialization failure or a deadlock. */
export function isWriteConflict(error: unknown): boolean {
  return ['23505', '40001', '40P01'].includes(sqlStateOf(error) ?? '');
}
