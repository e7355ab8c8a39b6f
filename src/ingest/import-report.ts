// One report page in: check the input, parse it (text or HTML), match it to the catalogue and
// write it, all inside one transaction. Every refusal is an ImportError with a stable code.
import type { Database, Transaction } from '../db/connect.js';
import { describeForbiddenCharacter, findForbiddenCharacter } from '../domain/characters.js';
import { ImportError } from '../domain/import-errors.js';
import { asCodedConflict } from './errors.js';
import { onDatabaseThread } from './on-database-thread.js';
import { isHttpUrl } from '../domain/input-rules.js';
import { INPUT_LIMITS } from '../domain/limits.js';
import { parseReportHtml, relocate, type HtmlLine } from './parse-report-html.js';
import { parseReportText } from './parse-report-text.js';
import { resolveReport } from './resolve-report.js';
import { writeReport, type LoadResult } from './load-report.js';
import type { ParsedReport } from './report-types.js';

export type { ReportFormat } from '../domain/report-formats.js';
import type { ReportFormat } from '../domain/report-formats.js';

/** The largest page accepted unless IMPORT_MAX_BYTES says otherwise: 2 MiB. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export interface ReportInput {
  text: string;
  format?: ReportFormat;
  sourceUrl: string | null;
  /** Inputs larger than this many bytes (UTF-8) are refused. */
  maxBytes?: number;
}

function checkInput({ text, sourceUrl, maxBytes = DEFAULT_MAX_BYTES }: ReportInput): void {
  if (sourceUrl !== null && !isHttpUrl(sourceUrl)) {
    // Pages link to it: a javascript: or data: URL would run in the reader's browser.
    throw new ImportError(
      'BAD_SOURCE_URL',
      `the source URL must be an http:// or https:// URL of at most ${INPUT_LIMITS.maxUrlChars} characters`,
    );
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new ImportError('INPUT_TOO_LARGE', `the input is ${bytes} bytes; at most ${maxBytes} are accepted (IMPORT_MAX_BYTES)`);
  }
  // A binary file read as text, or control characters written out: the one rule of domain/characters.ts.
  const forbidden = findForbiddenCharacter(text);
  if (forbidden) throw new ImportError('BINARY_INPUT', describeForbiddenCharacter(forbidden), forbidden.line);
}

interface Parsed {
  report: ParsedReport;
  /** Points errors found after parsing (matching the catalogue) at the input's own lines. */
  locate: (error: ImportError) => ImportError;
}

/** One parser per format of the registry (domain/report-formats.ts); the compiler asks for each. */
const PARSERS: Record<ReportFormat, (text: string) => Parsed> = {
  text: (text) => ({ report: parseReportText(text), locate: (error) => error }),
  html: (text) => {
    const { report, lines } = parseReportHtml(text);
    return { report, locate: (error) => relocate(error, lines as HtmlLine[]) };
  },
};

/** Checks and parses an input without touching the database (what --dry-run shows). */
export function parseReport(input: ReportInput): Parsed {
  checkInput(input);
  return PARSERS[input.format ?? 'text'](input.text);
}

/** Imports within an open transaction (the seed loads several things in one). */
export async function importReportIn(tx: Transaction, input: ReportInput): Promise<LoadResult> {
  const { report, locate } = parseReport(input);
  try {
    const resolved = await resolveReport(tx, report, input.sourceUrl);
    return await writeReport(tx, { resolved, parsed: report, format: input.format ?? 'text' });
  } catch (error) {
    throw error instanceof ImportError ? locate(error) : error;
  }
}

/** Imports one report page atomically: on any error the database is left as it was. */
export function importReport(db: Database, input: ReportInput): Promise<LoadResult> {
  return onDatabaseThread<LoadResult>(db, 'importReport', input) ?? importReportHere(db, input);
}

/** importReport on this thread, whatever the database runs on (the database's thread runs this). */
export function importReportHere(db: Database, input: ReportInput): Promise<LoadResult> {
  return asCodedConflict(db.transaction((tx) => importReportIn(tx, input)));
}
