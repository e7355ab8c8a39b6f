// npm run import -- <files or folders…> [--format text|html] [--source-url URL] [--dry-run] [--json]
// Imports report pages into the database named by DATABASE_URL, one transaction per file, and
// prints a line per file: created, updated, unchanged, or error with its code and line. Exits 1
// when any file failed. --dry-run checks each page against the catalogue and prints it as parsed.
import './env-file.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { openForCli } from './open-database.js';
import { ImportError } from '../domain/import-errors.js';
import { REPORT_FILE_EXTENSIONS, REPORT_FORMAT_NAMES, reportFormatOf, type ReportFormat } from '../domain/report-formats.js';
import { importReport } from '../ingest/import-report.js';
import { parsePageOffThread } from '../ingest/parse-off-thread.js';
import { locateIn } from '../ingest/parse-page.js';
import { resolveReport } from '../ingest/resolve-report.js';
import { readDataVersion } from '../queries/snapshot-tables.js';

/** Thrown to roll back a dry run's read-only transaction. */
class DryRun extends Error {}

const USAGE = 'usage: npm run import -- <files or folders…> [--format text|html] [--source-url URL] [--dry-run] [--json]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'source-url': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
} catch (error) {
  fail((error as Error).message);
}
const { values: options, positionals } = parsed;
if (positionals.length === 0) fail('name at least one file or folder');
if (options.format && !(REPORT_FORMAT_NAMES as string[]).includes(options.format))
  fail(`--format must be ${REPORT_FORMAT_NAMES.join(' or ')}, not "${options.format}"`);

/** Files named, and the files of a report format's extensions (.txt, .html, .htm) inside folders named, in a stable order. */
function pages(entries: string[]): string[] {
  return entries.flatMap((entry) => {
    const stats = statSync(entry, { throwIfNoEntry: false });
    if (!stats) fail(`no such file or folder: ${entry}`);
    if (stats.isFile()) return [entry];
    return readdirSync(entry)
      .sort()
      .flatMap((name) =>
        pages([path.join(entry, name)]).filter((file) => REPORT_FILE_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext))),
      );
  });
}

const files = pages(positionals);
if (options['source-url'] && files.length > 1) fail('--source-url names one page; give it with one file');
const formatOf = (file: string): ReportFormat => (options.format as ReportFormat | undefined) ?? reportFormatOf(file);

const config = readConfig();
const { database } = await openForCli(
  config.database,
  options['dry-run'] ? 'memory' : 'import through it (the importReport mutation, with its API_TOKEN), or stop it and run this again',
);
const results: { file: string; outcome: string; code?: string; line?: number; element?: string; message?: string; report?: unknown }[] = [];
let dataVersion: number | undefined;
try {
  for (const file of files) {
    const input = {
      text: readFileSync(file, 'utf8'),
      format: formatOf(file),
      sourceUrl: options['source-url'] ?? null,
      maxBytes: config.maxImportBytes,
    };
    try {
      if (options['dry-run']) {
        const page = await parsePageOffThread(input);
        const { report } = page;
        // Matching the catalogue only reads; the transaction is rolled back all the same.
        await database.db
          .transaction(async (tx) => {
            await resolveReport(tx, report, input.sourceUrl).catch((error: unknown) => {
              throw error instanceof ImportError ? locateIn(page, error) : error;
            });
            throw new DryRun();
          })
          .catch((error: unknown) => {
            if (!(error instanceof DryRun)) throw error;
          });
        results.push({ file, outcome: 'valid', report });
      } else {
        const { outcome } = await importReport(database.db, input);
        results.push({ file, outcome });
      }
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      results.push({ file, outcome: 'error', code: error.code, line: error.line, element: error.element, message: error.detail });
    }
  }
  // A dry run writes nothing, and may have read an in-memory copy: no version to wait for.
  if (!options['dry-run']) dataVersion = await readDataVersion(database.db);
} finally {
  await database.close();
}

if (options.json) console.log(JSON.stringify(results, null, 2));
else {
  for (const r of results) {
    if (r.outcome === 'error') {
      const where = r.line !== undefined ? ` line ${r.line}` : '';
      console.log(`error     ${r.file}: ${r.code}${where}: ${r.message}`);
    } else {
      console.log(`${r.outcome.padEnd(9)} ${r.file}`);
      if (r.report) console.log(JSON.stringify(r.report, null, 2));
    }
  }
}
// What a reader asks for to see these imports (X-Min-Data-Version); on stderr under --json, which keeps stdout one JSON document.
if (dataVersion !== undefined) (options.json ? console.error : console.log)(`data version ${dataVersion}`);
process.exitCode = results.some((r) => r.outcome === 'error') ? 1 : 0;
