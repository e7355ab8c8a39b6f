// A write that crosses another becomes a coded import error (the codes live in domain/import-errors.ts).
import { isWriteConflict } from '../db/sql-state.js';
import { ImportError } from '../domain/import-errors.js';

/** A write that still crossed another (the report lock makes this rare) is the client's to retry, with a code. */
export async function asCodedConflict<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isWriteConflict(error)) {
      throw new ImportError('WRITE_CONFLICT', 'another write to the same report got in first; nothing was written, send the request again');
    }
    throw error;
  }
}
