// A database seeded by the previous version (older grades, before statements were marked as the
// fixtures' own and before this version's migration) gets exactly this version's fixture statements,
// on start-up and through `npm run seed`, while statements a user imported are left alone.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import type { DatabaseTarget } from '../src/db/target.js';
import { prepareDatabase } from '../src/startup/prepare.js';
import { importGradesCsv } from '../src/ingest/load-grades.js';
import { seedDatabase } from '../src/ingest/seed.js';
import { createTestTarget } from './helpers/database.js';

const root = path.resolve(import.meta.dirname, '..');
type Row = Record<string, string>;
const readRows = (file: string): Row[] => parse(readFileSync(file, 'utf8'), { columns: true });
const shipped = readRows(path.join(root, 'fixtures/grades.csv'));
const retired = readRows(path.join(root, 'fixtures/retired-grades.csv'));
const HEADER = Object.keys(shipped[0]!);

/** A statement as the database and the CSV both can say it ("Requires improvement" and requires_improvement alike). */
const statementKey = (r: Row) =>
  [r.year_label, r.force, r.pillar, r.question_key, r.source_kind, r.source_url, r.grade!.toLowerCase(), r.carried_over_from].join('|');

/** One statement a user added with `npm run import:grades`, in no version's fixtures. */
const userRow: Row = {
  year_label: '2017',
  year: '2017',
  force: 'essex',
  pillar: 'effectiveness',
  question_key: 'eff_q2',
  grade: 'Good',
  carried_over_from: '',
  source_url: 'https://example.org/essex-notes',
  source_kind: 'secondary',
  basis: 'direct',
  note: 'a user row',
};
const toCsv = (rows: Row[]) =>
  [HEADER.join(','), ...rows.map((r) => HEADER.map((c) => `"${(r[c] ?? '').replaceAll('"', '""')}"`).join(','))].join('\n') + '\n';

/**
 * The previous version's fixtures: none of the 2023-25 rows this version adds for most forces, and
 * the Sussex 2023-25 Inadequate it carried by mistake.
 */
function previousFixtures(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'peel-old-fixtures-'));
  cpSync(path.join(root, 'fixtures'), dir, { recursive: true });
  const older = shipped.filter((r) => r.year_label !== '2023-25' || ['cambridgeshire', 'kent', 'norfolk'].includes(r.force!));
  writeFileSync(path.join(dir, 'grades.csv'), toCsv([...older, ...retired]));
  writeFileSync(path.join(dir, 'retired-grades.csv'), toCsv([]).split('\n')[0] + '\n');
  return dir;
}

/** What the previous version's schema lacked: this version's migration runs again on the next start. */
const DOWNGRADE = [
  'alter table finding_sources drop column from_fixtures',
  'alter table inspection_years drop column comparable_with_previous, drop column comparison_note, drop column comparison_source_url',
  'alter table questions drop column grading',
  'drop type question_grading',
  'drop table seed_state',
  "delete from drizzle.__drizzle_migrations where name like '%fixture-updates-and-comparability'",
];

/** A database as the previous version left it: its fixtures seeded, plus a user's own statement. */
async function previousVersionDatabase(target: DatabaseTarget) {
  const { database } = await prepareDatabase(target, { seedWhenNeeded: false });
  try {
    await seedDatabase(database.db, previousFixtures());
    await importGradesCsv(database.db, 'mine.csv', toCsv([userRow]));
    for (const statement of DOWNGRADE) await database.db.execute(statement);
  } finally {
    await database.close();
  }
}

async function statementsIn(target: DatabaseTarget) {
  const database = await openDatabase(target);
  try {
    const result = (await database.db.execute(`
      select y.label as year_label, fo.slug as force, coalesce(q.pillar::text, '') as pillar, q.key as question_key,
        s.kind::text as source_kind, s.url as source_url,
        replace(coalesce(s.grade::text, s.grade_status::text), '_', ' ') as grade,
        coalesce(cy.label, '') as carried_over_from
      from finding_sources s join findings f on f.id = s.finding_id join reports r on r.id = f.report_id
      join forces fo on fo.id = r.force_id join inspection_years y on y.id = r.inspection_year_id join questions q on q.id = f.question_id
      left join inspection_years cy on cy.id = s.carried_over_from_id
      where s.kind <> 'report_page'`)) as { rows: Row[] };
    const sussex = (await database.db.execute(`
      select f.grade, f.conflict from findings f join reports r on r.id = f.report_id join forces fo on fo.id = r.force_id
      join inspection_years y on y.id = r.inspection_year_id join questions q on q.id = f.question_id
      where fo.slug = 'sussex' and y.label = '2023-25' and q.key = 'responding_to_public'`)) as {
      rows: { grade: string; conflict: boolean }[];
    };
    return { keys: result.rows.map(statementKey).sort(), sussex: sussex.rows };
  } finally {
    await database.close();
  }
}

const expected = [...shipped, userRow].map(statementKey).sort();

describe('a database seeded by the previous version', () => {
  const targets: { drop: () => Promise<void> }[] = [];
  afterAll(() => Promise.all(targets.map((t) => t.drop())));

  it("is brought up to date on start-up: the new statements in, the withdrawn one out, the user's kept", async () => {
    const made = await createTestTarget({ persistent: true });
    targets.push(made);
    await previousVersionDatabase(made.target);
    const before = await statementsIn(made.target);
    expect(before.sussex).toEqual([{ grade: 'inadequate', conflict: false }]);
    expect(before.keys).not.toEqual(expected);

    const { database, seeded } = await prepareDatabase(made.target);
    await database.close();
    const added2023 = shipped.filter((r) => r.year_label === '2023-25' && !['cambridgeshire', 'kent', 'norfolk'].includes(r.force!)).length;
    expect(seeded).toMatchObject({ outcome: 'updated', grades: { statements: shipped.length, added: added2023, removed: retired.length } });

    const after = await statementsIn(made.target);
    expect(after.keys).toEqual(expected);
    expect(after.sussex).toEqual([{ grade: 'good', conflict: false }]);

    // Started again on the same fixtures: nothing to do.
    const again = await prepareDatabase(made.target);
    await again.database.close();
    expect(again.seeded).toBeNull();
  });

  it('is brought up to date by npm run seed, which reports it updated', async () => {
    const made = await createTestTarget({ persistent: true });
    targets.push(made);
    await previousVersionDatabase(made.target);
    const t = made.target;
    const env = { ...process.env, DATABASE_URL: t.kind === 'postgres' ? t.url : `pglite://${t.dataDir}` };
    const { stdout } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'src/cli/seed.ts')], {
      env,
      cwd: root,
    });
    expect(stdout).toMatch(/^updated: 43 forces, 7 inspection years, 91 questions$/m);
    expect(stdout).toMatch(
      new RegExp(`^grades: ${shipped.length} statements on \\d+ findings \\(\\d+ added, ${retired.length} removed\\)$`, 'm'),
    );
    const after = await statementsIn(made.target);
    expect(after.keys).toEqual(expected);
    expect(after.sussex).toEqual([{ grade: 'good', conflict: false }]);
  });

  it('is brought up to date on start-up when only its seed_state names older fixtures (no migration to run)', async () => {
    const made = await createTestTarget({ persistent: true });
    targets.push(made);
    // This version's schema, seeded from the previous version's fixtures: seed_state holds their checksum.
    const { database: older } = await prepareDatabase(made.target, { seedWhenNeeded: false });
    try {
      await seedDatabase(older.db, previousFixtures());
    } finally {
      await older.close();
    }
    expect((await statementsIn(made.target)).sussex).toEqual([{ grade: 'inadequate', conflict: false }]);

    const { database, seeded } = await prepareDatabase(made.target);
    await database.close();
    expect(seeded).toMatchObject({ outcome: 'updated', grades: { statements: shipped.length, removed: retired.length } });
    const after = await statementsIn(made.target);
    expect(after.keys).toEqual(expected.filter((key) => key !== statementKey(userRow)));
    expect(after.sussex).toEqual([{ grade: 'good', conflict: false }]);
  });
});
