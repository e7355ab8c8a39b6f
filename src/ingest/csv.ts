// Reads a CSV file with a header row into records, checking the columns the caller needs are there.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export type CsvRecord = Record<string, string> & { __line: string };

export function readCsv(file: string, requiredColumns: readonly string[]): CsvRecord[] {
  const parsed = parse(readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    info: true,
  }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
  const records = parsed.map(({ record, info }) => ({
    ...record,
    __line: String(info.lines),
  }));
  const header = records[0] ? Object.keys(records[0]) : [];
  const missing = requiredColumns.filter((column) => records.length > 0 && !header.includes(column));
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  return records as CsvRecord[];
}
