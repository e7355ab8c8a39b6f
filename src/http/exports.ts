// Downloads for notebooks and spreadsheets: /export/grades.csv, /export/grades.ndjson and
// /export/areas-for-improvement.csv, filtered by query parameters, streamed as they are read.
//   pandas.read_csv("http://localhost:4000/export/grades.csv?year=2017&pillar=effectiveness")
import type { Plugin } from 'graphql-yoga';
import type { DatabaseHandle } from '../db/connect.js';
import { areasForImprovementRows, gradeTablePages } from '../queries/grade-table.js';
import type { FindingFilterShape } from '../queries/finding-filter.js';
import { AREA_TABLE_COLUMNS, GRADE_TABLE_COLUMNS } from '../queries/table-columns.js';
import { DATA_PACKAGE } from './data-package.js';
import { SQLITE_PATH, sqliteDownload } from './sqlite-download.js';
import type { ReadModel } from '../queries/read-model.js';
import { GRADES } from '../domain/grades.js';
import { EVIDENCE, PILLARS } from '../domain/vocabulary.js';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { stringify } from 'csv-stringify/sync';
import { checkList, checkString } from '../domain/input-rules.js';
import { ERROR_CODES } from '../domain/error-codes.js';
import { INPUT_LIMITS } from '../domain/limits.js';
import { databaseRefusal } from './mask-error.js';
import { loggableError } from './redact.js';

/** The exports' columns, in order (queries/table-columns.ts says what each holds). */
const GRADE_COLUMNS = GRADE_TABLE_COLUMNS.map((column) => column.name);
const AREA_COLUMNS = AREA_TABLE_COLUMNS.map((column) => column.name);
/** Columns whose values are enum values, written upper-case as in the GraphQL API. */
const ENUM_COLUMNS = new Set(
  [...GRADE_TABLE_COLUMNS, ...AREA_TABLE_COLUMNS].filter((column) => column.values).map((column) => column.name),
);

const PARAMETERS = {
  year: 'inspection years by first calendar year, e.g. year=2016,2017',
  pillar: `pillars: ${PILLARS.join(', ')}`,
  force: 'force slugs, e.g. force=cambridgeshire,essex',
  grade: `grades: ${GRADES.join(', ')}`,
  question: 'question keys, e.g. question=eff_q3',
  theme: 'question themes, e.g. theme=protecting-vulnerable-people',
  headline: 'true for overall judgements only, false for the questions under them',
  evidence: `what the judgement rests on: ${EVIDENCE.join(', ')}`,
} as const;

/** A refused request, answered 400 with the parameter and the rule it broke. */
class BadRequest extends Error {
  readonly parameter?: string;
  readonly rule?: string;

  constructor(message: string, parameter?: string, rule?: string) {
    super(message);
    this.parameter = parameter;
    this.rule = rule;
  }
}

const accepted = () =>
  Object.entries(PARAMETERS)
    .map(([k, v]) => `${k} (${v})`)
    .join('; ');

/** Reads the filter from query parameters: comma-separated lists, case-insensitive enum values. */
export function filterFromQuery(params: URLSearchParams): FindingFilterShape {
  // Own keys only: `constructor` or `__proto__` are unknown parameters, not inherited properties.
  const unknown = [...new Set(params.keys())].filter((key) => !Object.hasOwn(PARAMETERS, key));
  if (unknown.length > 0) {
    const names = unknown
      .slice(0, 5)
      .map((key) => JSON.stringify(key.slice(0, INPUT_LIMITS.maxNameChars)))
      .join(', ');
    throw new BadRequest(
      `unknown parameter(s) ${names}${unknown.length > 5 ? ', …' : ''}; accepted: ${accepted()}`,
      undefined,
      'unknown-parameter',
    );
  }
  const list = (key: keyof typeof PARAMETERS) => {
    const values = params
      .getAll(key)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '');
    const tooMany = checkList(values.length, key === 'force' ? 'forces' : 'other');
    if (tooMany) throw new BadRequest(`${key} ${tooMany.message}`, key, tooMany.rule);
    for (const value of values) {
      const violation = checkString(value, 'name');
      if (violation) throw new BadRequest(`${key}: a value ${violation.message}`, key, violation.rule);
    }
    return values.length > 0 ? values : null;
  };
  const oneOf = (key: 'pillar' | 'grade' | 'evidence', allowed: readonly string[]) =>
    list(key)?.map((value) => {
      const normalized = value.toLowerCase().replace(/[\s-]+/g, '_');
      if (!allowed.includes(normalized)) throw new BadRequest(`${key}=${value} is not accepted; ${PARAMETERS[key]}`, key, 'not-accepted');
      return normalized;
    }) ?? null;
  const years = list('year')?.map((value) => {
    if (!/^\d{4}$/.test(value)) throw new BadRequest(`year=${value} is not a year; ${PARAMETERS.year}`, 'year', 'not-accepted');
    return Number(value);
  });
  const headline = list('headline');
  if (headline && (headline.length > 1 || !['true', 'false'].includes(headline[0]!))) {
    throw new BadRequest(`headline=${headline.join(',')}: ${PARAMETERS.headline}`, 'headline', 'not-accepted');
  }
  return {
    years: years ?? null,
    pillars: oneOf('pillar', PILLARS),
    forces: list('force'),
    grades: oneOf('grade', GRADES),
    questionKeys: list('question'),
    themes: list('theme'),
    headline: headline === null ? null : headline[0] === 'true',
    evidence: oneOf('evidence', EVIDENCE),
  };
}

const enumCase = (column: string, value: unknown) => (ENUM_COLUMNS.has(column) && typeof value === 'string' ? value.toUpperCase() : value);

/**
 * CSV lines by csv-stringify. `escape_formulas` puts a `'` before any cell starting with =, +, -, @,
 * tab or CR (OWASP's advice against CSV injection): imported text such as `=HYPERLINK(…)` must not
 * become a live formula in a spreadsheet.
 */
export function csvLines(columns: readonly string[], rows: Record<string, unknown>[]): string {
  return stringify(
    rows.map((row) => columns.map((c) => enumCase(c, row[c]))),
    // A lone CR or LF in a cell is quoted too (csv-stringify quotes only the record delimiter, CRLF).
    { escape_formulas: true, record_delimiter: '\r\n', quoted_match: /[\r\n]/, cast: { boolean: (value) => String(value) } },
  );
}

function ndjsonLines(columns: readonly string[], rows: Record<string, unknown>[]): string {
  return rows.map((row) => `${JSON.stringify(Object.fromEntries(columns.map((c) => [c, enumCase(c, row[c]) ?? null])))}\n`).join('');
}

/**
 * A response whose body is written page by page as the rows are read. The first page is read before
 * anything is sent, so a failing query is still a clean error status; a later failure ends the
 * response early (the client sees a cut-off transfer, never a short file passed off as whole).
 */
export async function streamedExport(
  pages: AsyncGenerator<Record<string, unknown>[]>,
  format: 'csv' | 'ndjson',
  columns: readonly string[],
  filename: string,
  log: Logger,
  /**
   * Cuts the connection, if there is one (true): the Node adapter would leave a response whose body
   * errored hanging open, and reject a promise nobody handles, which ends the process.
   */
  abort: () => boolean = () => false,
): Promise<Response> {
  const first = await pages.next();
  const encoder = new TextEncoder();
  const lines = format === 'csv' ? csvLines : ndjsonLines;
  const encode = (rows: Record<string, unknown>[]) => encoder.encode(lines(columns, rows));
  let pending: IteratorResult<Record<string, unknown>[]> | null = first;
  let failed = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === 'csv') controller.enqueue(encoder.encode(`${columns.join(',')}\r\n`));
    },
    async pull(controller) {
      // After a failure the generator reads as done: it must not end the response as if whole.
      if (failed) return;
      try {
        const { value, done } = pending ?? (await pages.next());
        pending = null;
        if (done) return controller.close();
        controller.enqueue(encode(value));
      } catch (error) {
        failed = true;
        log.error({ error: loggableError(error), export: filename }, 'export failed mid-stream; response cut short');
        // Cut: the client sees an incomplete transfer, never a short file passed off as whole. The
        // stream is left open (closing it would end the response cleanly) until the cut cancels it.
        if (!abort()) controller.error(error);
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-cache',
    },
  });
}

async function* once<T>(rows: Promise<T[]>): AsyncGenerator<T[]> {
  yield await rows;
}

const ROUTES: Record<string, { format: 'csv' | 'ndjson'; kind: 'grades' | 'areas' }> = {
  '/export/grades.csv': { format: 'csv', kind: 'grades' },
  '/export/grades.ndjson': { format: 'ndjson', kind: 'grades' },
  '/export/areas-for-improvement.csv': { format: 'csv', kind: 'areas' },
  '/export/areas-for-improvement.ndjson': { format: 'ndjson', kind: 'areas' },
};

const DATA_PACKAGE_PATH = '/export/datapackage.json';
const dataPackageBody = JSON.stringify(DATA_PACKAGE, null, 2);

/** The Data Package: the same for every request until the server is rebuilt, so cacheable by anyone. */
function dataPackageResponse(request: Request): Response {
  return new Response(request.method === 'HEAD' ? null : dataPackageBody, {
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  });
}

export function useExports(database: DatabaseHandle, log: Logger, readModel: ReadModel): Plugin {
  const sqlite = sqliteDownload(readModel);
  return {
    async onRequest({ url, request, endResponse, serverContext }) {
      if (!url.pathname.startsWith('/export/')) return;
      const route = Object.hasOwn(ROUTES, url.pathname) ? ROUTES[url.pathname] : undefined;
      const whole = url.pathname === DATA_PACKAGE_PATH || url.pathname === SQLITE_PATH;
      if (!route && !whole) {
        const available = [...Object.keys(ROUTES), DATA_PACKAGE_PATH, SQLITE_PATH].join(', ');
        return endResponse(Response.json({ error: `no such export; available: ${available}` }, { status: 404 }));
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return endResponse(Response.json({ error: 'exports are read with GET' }, { status: 405, headers: { allow: 'GET, HEAD' } }));
      }
      if (url.pathname === DATA_PACKAGE_PATH) return endResponse(dataPackageResponse(request));
      if (url.pathname === SQLITE_PATH) {
        return endResponse(await sqlite(request).catch((error: unknown) => exportFailure(error, log, 'peel.sqlite')));
      }
      if (!route) return;
      let filter: FindingFilterShape;
      try {
        filter = filterFromQuery(url.searchParams);
      } catch (error) {
        if (!(error instanceof BadRequest)) throw error;
        const { message, parameter, rule } = error;
        return endResponse(Response.json({ error: message, code: ERROR_CODES.BAD_USER_INPUT, parameter, rule }, { status: 400 }));
      }
      const filename = `peel-${url.pathname.split('/').pop()}`;
      const pages = route.kind === 'grades' ? gradeTablePages(database.db, filter) : once(areasForImprovementRows(database.db, filter));
      const columns = route.kind === 'grades' ? GRADE_COLUMNS : AREA_COLUMNS;
      try {
        const socketResponse = (serverContext as { res?: ServerResponse }).res;
        const abort = () => {
          if (!socketResponse) return false;
          // After the adapter has written what is already queued, so the rows sent so far arrive.
          setImmediate(() => socketResponse.destroy());
          return true;
        };
        endResponse(await streamedExport(pages as AsyncGenerator<Record<string, unknown>[]>, route.format, columns, filename, log, abort));
      } catch (error) {
        endResponse(exportFailure(error, log, filename));
      }
    },
  };
}

/**
 * The answer when an export fails before its first byte: 503 with Retry-After when the database
 * refused or failed it (as GraphQL answers), else our own 500. Both are logged with the error's
 * causes, SQL parameters cut out.
 */
function exportFailure(error: unknown, log: Logger, filename: string): Response {
  const refusal = databaseRefusal(error);
  if (refusal) {
    log.warn({ error: loggableError(error), export: filename, code: refusal.code }, 'export refused: the database could not answer');
    return Response.json(
      { error: refusal.message, code: refusal.code },
      { status: 503, headers: { 'retry-after': String(refusal.retryAfterSeconds) } },
    );
  }
  log.error({ error: loggableError(error), export: filename }, 'export failed');
  return Response.json({ error: 'Unexpected error.', code: 'INTERNAL_SERVER_ERROR' }, { status: 500 });
}
