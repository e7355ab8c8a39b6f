// Downloads for notebooks and spreadsheets: /export/grades.csv, /export/grades.ndjson and
// /export/areas-for-improvement.csv, filtered by query parameters, streamed as they are read.
//   pandas.read_csv("http://localhost:4000/export/grades.csv?year=2017&pillar=effectiveness")
import type { Plugin } from 'graphql-yoga';
import type { DatabaseHandle } from '../db/connect.js';
import { areasForImprovementRows, gradeTablePages } from '../analysis/grade-table.js';
import type { FindingFilterShape } from '../graphql/types/finding-filter.js';
import { gradeEnum, pillarEnum } from '../db/schema.js';

const GRADE_COLUMNS = [
  'force', 'forceName', 'region', 'year', 'inspectionYear', 'pillar', 'questionKey', 'question', 'theme',
  'grade', 'score', 'gradeStatus', 'carriedOverFrom', 'conflict', 'sourceUrl',
] as const;
const AREA_COLUMNS = [
  'force', 'forceName', 'region', 'year', 'inspectionYear', 'pillar', 'questionKey', 'question', 'theme',
  'grade', 'position', 'text', 'sourceUrl',
] as const;
/** Columns whose values are enum values, written upper-case as in the GraphQL API. */
const ENUM_COLUMNS = new Set(['pillar', 'grade', 'gradeStatus']);

const PARAMETERS = {
  year: 'inspection years by first calendar year, e.g. year=2016,2017',
  pillar: `pillars: ${pillarEnum.enumValues.join(', ')}`,
  force: 'force slugs, e.g. force=cambridgeshire,essex',
  grade: `grades: ${gradeEnum.enumValues.join(', ')}`,
  question: 'question keys, e.g. question=eff_q3',
  theme: 'question themes, e.g. theme=protecting-vulnerable-people',
  headline: 'true for overall judgements only, false for the questions under them',
} as const;

class BadRequest extends Error {}

/** Reads the filter from query parameters: comma-separated lists, case-insensitive enum values. */
export function filterFromQuery(params: URLSearchParams): FindingFilterShape {
  const unknown = [...params.keys()].filter((key) => !(key in PARAMETERS));
  if (unknown.length > 0) {
    throw new BadRequest(
      `unknown parameter(s) ${unknown.join(', ')}; accepted: ${Object.entries(PARAMETERS).map(([k, v]) => `${k} (${v})`).join('; ')}`,
    );
  }
  const list = (key: keyof typeof PARAMETERS) => {
    const values = params.getAll(key).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
    return values.length > 0 ? values : null;
  };
  const oneOf = (key: 'pillar' | 'grade', allowed: readonly string[]) =>
    list(key)?.map((value) => {
      const normalized = value.toLowerCase().replace(/[\s-]+/g, '_');
      if (!allowed.includes(normalized)) throw new BadRequest(`${key}=${value} is not accepted; ${PARAMETERS[key]}`);
      return normalized;
    }) ?? null;
  const years = list('year')?.map((value) => {
    if (!/^\d{4}$/.test(value)) throw new BadRequest(`year=${value} is not a year; ${PARAMETERS.year}`);
    return Number(value);
  });
  const headline = params.get('headline');
  if (headline !== null && !['true', 'false'].includes(headline)) throw new BadRequest(`headline=${headline}: ${PARAMETERS.headline}`);
  return {
    years: years ?? null,
    pillars: oneOf('pillar', pillarEnum.enumValues),
    forces: list('force'),
    grades: oneOf('grade', gradeEnum.enumValues),
    questionKeys: list('question'),
    themes: list('theme'),
    headline: headline === null ? null : headline === 'true',
  };
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const enumCase = (column: string, value: unknown) =>
  ENUM_COLUMNS.has(column) && typeof value === 'string' ? value.toUpperCase() : value;

function csvLine(columns: readonly string[], row: Record<string, unknown>): string {
  return `${columns.map((c) => csvField(enumCase(c, row[c]))).join(',')}\r\n`;
}

function ndjsonLine(columns: readonly string[], row: Record<string, unknown>): string {
  return `${JSON.stringify(Object.fromEntries(columns.map((c) => [c, enumCase(c, row[c]) ?? null])))}\n`;
}

/** A response whose body is written page by page as the rows are read. */
function streamed(pages: AsyncGenerator<Record<string, unknown>[]>, format: 'csv' | 'ndjson', columns: readonly string[], filename: string) {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === 'csv') controller.enqueue(encoder.encode(`${columns.join(',')}\r\n`));
    },
    async pull(controller) {
      try {
        const { value, done } = await pages.next();
        if (done) return controller.close();
        const line = format === 'csv' ? csvLine : ndjsonLine;
        controller.enqueue(encoder.encode(value.map((row) => line(columns, row)).join('')));
      } catch (error) {
        controller.error(error);
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

export function useExports(database: DatabaseHandle): Plugin {
  return {
    onRequest({ url, request, endResponse }) {
      if (!url.pathname.startsWith('/export/')) return;
      const route = ROUTES[url.pathname];
      if (!route) {
        return endResponse(Response.json({ error: `no such export; available: ${Object.keys(ROUTES).join(', ')}` }, { status: 404 }));
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return endResponse(Response.json({ error: 'exports are read with GET' }, { status: 405, headers: { allow: 'GET, HEAD' } }));
      }
      let filter: FindingFilterShape;
      try {
        filter = filterFromQuery(url.searchParams);
      } catch (error) {
        if (error instanceof BadRequest) return endResponse(Response.json({ error: error.message }, { status: 400 }));
        throw error;
      }
      const filename = `peel-${url.pathname.split('/').pop()}`;
      const pages =
        route.kind === 'grades'
          ? gradeTablePages(database.db, filter)
          : once(areasForImprovementRows(database.db, filter));
      const columns = route.kind === 'grades' ? GRADE_COLUMNS : AREA_COLUMNS;
      endResponse(streamed(pages as AsyncGenerator<Record<string, unknown>[]>, route.format, columns, filename));
    },
  };
}
