// A cursor is opaque to clients, but it comes back from them: one that was never given out (forged,
// or from another list or order) holds values of the wrong type for the columns it is compared with.
// Ours only ever hold numbers and strings: anything else (bytes, objects, NUL) is refused before a
// query (bytes reach PostgreSQL as a protocol violation); a number or string of the wrong type makes
// PostgreSQL refuse the statement. Either is the client's mistake, answered as such.
import { PothosValidationError, decodeBase64, decodeCursorChunk } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { sqlStateOf } from '../db/sql-state.js';
import { ERROR_CODES } from '../domain/error-codes.js';

interface CursorArgs {
  after?: string | null;
  before?: string | null;
}

/** Whether the error is what a foreign cursor causes: a data exception (SQLSTATE class 22), a type mismatch, or a cursor that does not parse. */
function isCursorMisfit(error: unknown): boolean {
  const state = sqlStateOf(error);
  return (
    error instanceof PothosValidationError ||
    error instanceof TypeError ||
    state?.startsWith('22') === true ||
    state === '42883' ||
    state === '42804'
  );
}

const isPlainValue = (value: unknown) =>
  value === null ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  (typeof value === 'string' && !value.includes('\0') && value.isWellFormed());

/** Whether a cursor decodes to numbers and strings only, as every cursor this API gives out does. */
function holdsPlainValues(cursor: string): boolean {
  try {
    const decoded = decodeBase64(cursor);
    if (!decoded.startsWith('DC:')) return false;
    const value: unknown = decodeCursorChunk(decoded.slice(3));
    return Array.isArray(value) ? value.length > 0 && value.every(isPlainValue) : isPlainValue(value);
  } catch {
    return false;
  }
}

const unknownCursor = (argument: 'after' | 'before') =>
  new GraphQLError(
    `${argument}: is not a cursor of this list in this order; pass a cursor from its pageInfo or edges, with the same orderBy`,
    {
      extensions: { code: ERROR_CODES.BAD_USER_INPUT, argument, rule: 'unknown-cursor', http: { status: 400 } },
    },
  );

/** Runs a connection's query; a failure a client's cursor caused becomes 400 BAD_USER_INPUT. */
export async function withClientCursors<T>(args: CursorArgs, load: () => Promise<T>): Promise<T> {
  const given = (['after', 'before'] as const).filter((argument) => args[argument]);
  for (const argument of given) if (!holdsPlainValues(args[argument]!)) throw unknownCursor(argument);
  try {
    return await load();
  } catch (error) {
    if (given.length === 0 || !isCursorMisfit(error)) throw error;
    throw unknownCursor(given[0]!);
  }
}
