// CSV with a header row: records with the line each ends on, for messages that point at the file.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export type CsvRecord = Record<string, string> & { __line: string };

/** Parses CSV text into records, each with the (1-based) line it ends on. */
export function parseCsv(text: string): { record: Record<string, string>; line: number }[] {
  const parsed = parse(text, { columns: true, skip_empty_lines: true, info: true, bom: true }) as unknown as {
    record: Record<string, string>;
    info: { lines: number };
  }[];
  return parsed.map(({ record, info }) => ({ record, line: info.lines }));
}

/** Reads a fixture file, checking the columns the caller needs are there. */
export function readCsv(file: string, requiredColumns: readonly string[]): CsvRecord[] {
  const records = parseCsv(readFileSync(file, 'utf8')).map(({ record, line }) => ({ ...record, __line: String(line) }));
  const header = records[0] ? Object.keys(records[0]) : [];
  const missing = requiredColumns.filter((column) => records.length > 0 && !header.includes(column));
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  return records;
}
