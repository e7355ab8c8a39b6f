// One imported page, checked and parsed (text or HTML) into plain data that crosses threads: what
// the parser's thread (src/parse-worker.ts) runs for each page, and what the seed runs itself for
// the shipped fixtures. Nothing here touches the database.
import { describeForbiddenCharacter, findForbiddenCharacter } from '../domain/characters.js';
import { ImportError } from '../domain/import-errors.js';
import { isHttpUrl } from '../domain/input-rules.js';
import { INPUT_LIMITS } from '../domain/limits.js';
import type { ReportFormat } from '../domain/report-formats.js';
import { parseReportHtml, relocate, type HtmlLine } from './parse-report-html.js';
import { parseReportText } from './parse-report-text.js';
import type { ParsedReport, ReportSection } from './report-types.js';

/** The largest page accepted unless IMPORT_MAX_BYTES says otherwise: 2 MiB. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export interface ReportInput {
  text: string;
  format?: ReportFormat;
  sourceUrl: string | null;
  /** Inputs larger than this many bytes (UTF-8) are refused. */
  maxBytes?: number;
}

/** A parsed page: the report, and for HTML where each line of it came from. */
export interface ParsedPage {
  report: ParsedReport;
  /** The HTML element of each text-format line (null for a text page, whose lines are its own). */
  lines: HtmlLine[] | null;
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

/** One parser per format of the registry (domain/report-formats.ts); the compiler asks for each. */
const PARSERS: Record<ReportFormat, (text: string) => ParsedPage> = {
  text: (text) => ({ report: parseReportText(text), lines: null }),
  html: (text) => parseReportHtml(text),
};

/** What one section holds, counted as maxReportItems counts it: the question and each item under it. */
function itemsOf(section: ReportSection): number {
  const content = section.content.reduce((sum, block) => sum + (block.kind === 'paragraph' ? 1 : block.items.length), 0);
  const causes = section.causesOfConcern.reduce((sum, cause) => sum + 1 + cause.recommendations.length, 0);
  return 1 + content + section.areasForImprovement.length + causes;
}

/** Refuses a page holding more items than any report page, at the section where the count passes the limit. */
function checkItems(page: ParsedPage): void {
  let items = 0;
  for (const section of [page.report.headline, ...page.report.questions]) {
    items += itemsOf(section);
    if (items > INPUT_LIMITS.maxReportItems) {
      const limit = INPUT_LIMITS.maxReportItems.toLocaleString('en-GB');
      const error = new ImportError(
        'INPUT_TOO_COMPLEX',
        `the page holds more than ${limit} questions, paragraphs, list items and points for improvement; a report page holds a few hundred`,
        section.line,
      );
      throw locateIn(page, error);
    }
  }
}

/** Checks and parses a page here, on this thread (see ingest/parse-off-thread.ts for the server's way). */
export function parsePage(input: ReportInput): ParsedPage {
  checkInput(input);
  const page = PARSERS[input.format ?? 'text'](input.text);
  checkItems(page);
  return page;
}

/** An error found after parsing (matching the catalogue), pointed at the input's own lines. */
export function locateIn(page: ParsedPage, error: ImportError): ImportError {
  return page.lines ? relocate(error, page.lines) : error;
}
