// The command-line tools, run as a user runs them (through tsx, configured by DATABASE_URL).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseTarget } from '../src/db/connect.js';
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

describe('npm run seed and npm run import:grades', () => {
  it('seeds, then reports the seed unchanged on a second run', async () => {
    const first = await cli('src/cli/seed.ts');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created   fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt');
    const second = await cli('src/cli/seed.ts');
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
    writeFileSync(file, `${HEADER}\n2023-25,2023,essex,,investigating_crime,Adequate,,https://example.org/essex-2023,secondary,direct,test row\n`);
    const result = await cli('src/cli/import-grades.ts', [file]);
    expect(result).toMatchObject({ code: 0, stdout: `${file}: 1 statements on 1 findings in 1 reports\n` });
  });
});
