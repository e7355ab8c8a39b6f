// One report page in: parse, match to the catalogue, write; all inside one transaction.
import type { Database, Transaction } from '../db/connect.js';
import { parseReportText } from './parse-report-text.js';
import { resolveReport } from './resolve-report.js';
import { writeReport, type LoadResult } from './load-report.js';

export interface ReportInput {
  text: string;
  sourceUrl: string | null;
}

/** Imports within an open transaction (the seed loads several things in one). */
export async function importReportIn(tx: Transaction, input: ReportInput): Promise<LoadResult> {
  const parsed = parseReportText(input.text);
  const resolved = await resolveReport(tx, parsed, input.sourceUrl);
  return writeReport(tx, resolved);
}

/** Imports one report page atomically: on any error the database is left as it was. */
export function importReport(db: Database, input: ReportInput): Promise<LoadResult> {
  return db.transaction((tx) => importReportIn(tx, input));
}
