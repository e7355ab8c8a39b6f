// npm run import:grades -- <file.csv> [more.csv …]: loads grade rows in the format of
// fixtures/grades.csv into the database named by DATABASE_URL. Every row is checked first; any
// problem is reported with its line and nothing is written. Loading the same rows again is a no-op.
import './env-file.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { openForCli } from './open-database.js';
import { GRADE_COLUMNS, GradesCsvError, readGradesCsv } from '../ingest/grades-csv.js';
import { writeGrades } from '../ingest/load-grades.js';
import { readDataVersion } from '../queries/snapshot-tables.js';

const USAGE = `usage: npm run import:grades -- <file.csv> [more.csv …]\ncolumns: ${GRADE_COLUMNS.join(',')}`;

/** The files named; no options are known, so any option (or none at all) is a usage error. */
function filesNamed(): string[] {
  try {
    const { positionals } = parseArgs({ allowPositionals: true, options: {} });
    if (positionals.length > 0) return positionals;
  } catch (error) {
    console.error((error as Error).message);
  }
  console.error(USAGE);
  process.exit(2);
}

const files = filesNamed();

const texts = files.map((file) => {
  try {
    return { file, text: readFileSync(file, 'utf8') };
  } catch (error) {
    console.error(`cannot read ${file}: ${(error as Error).message}`);
    process.exit(2);
  }
});

const { database } = await openForCli(readConfig().database, 'stop it and run this again, or run both on PostgreSQL (DATABASE_URL)');
try {
  const summaries = await database.db.transaction(async (tx) => {
    const results = [];
    for (const { file, text } of texts) {
      results.push({ file, ...(await writeGrades(tx, await readGradesCsv(tx, path.basename(file), text))) });
    }
    return results;
  });
  for (const s of summaries) {
    console.log(`${s.file}: ${s.statements} statements (${s.added} new) on ${s.findings} findings in ${s.reports} reports`);
  }
  // What a reader asks for to see this import (X-Min-Data-Version).
  console.log(`data version ${await readDataVersion(database.db)}`);
} catch (error) {
  console.error(error instanceof GradesCsvError ? error.message : `import failed, nothing was written: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
