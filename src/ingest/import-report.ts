// One report page in: check and parse it (text or HTML) on the parser's thread, then match it to
// the catalogue and write it, all inside one transaction. Every refusal is an ImportError with a
// stable code.
import type { Database, Transaction } from '../db/connect.js';
import { ImportError } from '../domain/import-errors.js';
import type { ReportFormat } from '../domain/report-formats.js';
import { asCodedConflict } from './errors.js';
import { onDatabaseThread } from './on-database-thread.js';
import { locateIn, parsePage, type ParsedPage, type ReportInput } from './parse-page.js';
import { parsePageOffThread } from './parse-off-thread.js';
import { resolveReport } from './resolve-report.js';
import { writeReport, type LoadResult } from './load-report.js';

export type { ReportFormat } from '../domain/report-formats.js';
export { DEFAULT_MAX_BYTES, type ReportInput } from './parse-page.js';

/** A parsed page on its way to the database: plain data, sent whole to the database's thread. */
export interface PageWrite {
  page: ParsedPage;
  sourceUrl: string | null;
  format: ReportFormat;
}

async function writePage(tx: Transaction, { page, sourceUrl, format }: PageWrite): Promise<LoadResult> {
  try {
    const resolved = await resolveReport(tx, page.report, sourceUrl);
    return await writeReport(tx, { resolved, parsed: page.report, format });
  } catch (error) {
    throw error instanceof ImportError ? locateIn(page, error) : error;
  }
}

/** Imports within an open transaction, parsing here (the seed loads the shipped pages in one). */
export function importReportIn(tx: Transaction, input: ReportInput): Promise<LoadResult> {
  return writePage(tx, { page: parsePage(input), sourceUrl: input.sourceUrl, format: input.format ?? 'text' });
}

/** Imports one report page atomically: on any error the database is left as it was. */
export async function importReport(db: Database, input: ReportInput): Promise<LoadResult> {
  const write: PageWrite = { page: await parsePageOffThread(input), sourceUrl: input.sourceUrl, format: input.format ?? 'text' };
  return onDatabaseThread<LoadResult>(db, 'importReport', write) ?? importPageHere(db, write);
}

/** Writes a parsed page on this thread, whatever the database runs on (the database's thread runs this). */
export function importPageHere(db: Database, write: PageWrite): Promise<LoadResult> {
  return asCodedConflict(db.transaction((tx) => writePage(tx, write)));
}
