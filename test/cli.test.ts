// The command-line tools, run as a user runs them (through tsx, configured by DATABASE_URL).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseTarget } from '../src/db/target.js';
import { createTestTarget } from './helpers/database.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const HEADER = 'year_label,year,force,pillar,question_key,grade,carried_over_from,source_url,source_kind,basis,note';

let target: { target: DatabaseTarget; drop: () => Promise<void> };
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  target = await createTestTarget({ persistent: true });
  const t = target.target;
  env = { ...process.env, DATABASE_URL: t.kind === 'postgres' ? t.url : `pglite://${t.dataDir}` };
});
afterAll(() => target?.drop());

async function cli(script: string, args: string[] = []) {
  try {
    const { stdout, stderr } = await run(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, script), ...args], { env, cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The data version a CLI printed last. */
const versionIn = (stdout: string) => Number(/^data version (\d+)$/m.exec(stdout)?.[1] ?? Number.NaN);

describe('npm run seed and npm run import:grades', () => {
  it('seeds, then reports the seed unchanged on a second run', async () => {
    const first = await cli('src/cli/seed.ts');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^created: 43 forces, 7 inspection years, 91 questions$/m);
    expect(first.stdout).toContain('created fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt');
    const second = await cli('src/cli/seed.ts');
    expect(second.stdout).toMatch(/^unchanged: 43 forces, 7 inspection years, 91 questions$/m);
    // Each prints the data version it left; a second seed writes nothing, so it makes none.
    expect(versionIn(first.stdout)).toBeGreaterThan(1);
    expect(versionIn(second.stdout)).toBe(versionIn(first.stdout));
    expect(second.stdout).toMatch(/^grades: 1733 statements on \d+ findings \(0 added, 0 removed\)$/m);
    expect(second.stdout).toContain('unchanged fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt');
  });

  it('refuses a bad grades file with each problem and its line, exiting 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'peel-csv-'));
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, `${HEADER}\n2017,2017,essex,effectiveness,eff_q2,Adequate,,https://example.org/a,hmicfrs,direct,\n`);
    const result = await cli('src/cli/import-grades.ts', [file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 2: GRADE_OFF_SCALE: grade "Adequate" is not on the 2017 scale');
  });

  it('loads a good grades file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'peel-csv-'));
    const file = path.join(dir, 'good.csv');
    writeFileSync(
      file,
      `${HEADER}\n2023-25,2023,essex,,investigating_crime,Adequate,,https://example.org/essex-2023,secondary,direct,test row\n`,
    );
    const before = versionIn((await cli('src/cli/seed.ts')).stdout);
    const result = await cli('src/cli/import-grades.ts', [file]);
    expect(result).toMatchObject({
      code: 0,
      stdout: `${file}: 1 statements (1 new) on 1 findings in 1 reports\ndata version ${before + 1}\n`,
    });
  });

  it('imports report pages from a folder, a line per file, exiting 1 when one fails', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'peel-pages-'));
    const seed = readFileSync(path.join(root, 'fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt'), 'utf8');
    writeFileSync(path.join(dir, 'a-seed.txt'), seed);
    writeFileSync(path.join(dir, 'b-unknown-force.txt'), seed.replace('Cambridgeshire PEEL 2017', 'Cambs PEEL 2017'));
    writeFileSync(path.join(dir, 'notes.md'), 'not a page');
    const result = await cli('src/cli/import.ts', [dir]);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      `unchanged ${dir}/a-seed.txt`,
      `error     ${dir}/b-unknown-force.txt: UNKNOWN_FORCE line 3: unknown force "Cambs"; closest known forces: Cambridgeshire, Cumbria, Essex`,
      expect.stringMatching(/^data version \d+$/),
      '',
    ]);
    const json = await cli('src/cli/import.ts', [path.join(dir, 'b-unknown-force.txt'), '--json']);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        file: path.join(dir, 'b-unknown-force.txt'),
        outcome: 'error',
        code: 'UNKNOWN_FORCE',
        line: 3,
        message: 'unknown force "Cambs"; closest known forces: Cambridgeshire, Cumbria, Essex',
      },
    ]);
  });

  it('--dry-run prints the parsed page and writes nothing', async () => {
    const seedFile = path.join(root, 'fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt');
    const dir = mkdtempSync(path.join(tmpdir(), 'peel-pages-'));
    const changed = path.join(dir, 'changed.txt');
    writeFileSync(changed, readFileSync(seedFile, 'utf8').replace('Last updated 22/03/2018', 'Last updated 23/03/2018'));
    const dry = await cli('src/cli/import.ts', [changed, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const [result] = JSON.parse(dry.stdout);
    expect(result).toMatchObject({ outcome: 'valid', report: { forceName: 'Cambridgeshire', lastUpdated: '2018-03-23' } });
    expect(result.report.questions).toHaveLength(3);
    // Nothing was written: importing the seed itself is still "unchanged".
    expect((await cli('src/cli/import.ts', [seedFile])).stdout).toMatch(new RegExp(`^unchanged ${seedFile}\ndata version \\d+\n$`));
  });
});
