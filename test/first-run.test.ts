// What a newcomer meets beside a running embedded server, and on a start-up that cannot go on: a
// dry-run import still works (it needs only the catalogue), other commands and a second server say
// in one line why not and what to do, and an untrustworthy manifest stops the server in one line.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type OpenedPglite } from '../src/db/pglite.js';
import { backend } from './helpers/database.js';

const root = path.resolve(import.meta.dirname, '..');
const folder = mkdtempSync(path.join(os.tmpdir(), 'peel-first-run-'));
const page = 'fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt';

/** Runs a command to its end: exit code and what it printed. */
async function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const tsx = path.join(root, 'node_modules/.bin/tsx');
const lines = (text: string) => text.split('\n').filter(Boolean);

describe.runIf(backend === 'pglite')('beside a server holding the embedded database', () => {
  const dataDir = path.join(folder, 'held');
  let held: OpenedPglite;
  // This process stands in for the running server: it has the folder open, as npm start would.
  beforeAll(async () => {
    held = await openPglite(dataDir);
  }, 60_000);
  afterAll(async () => {
    await held?.close();
    rmSync(folder, { recursive: true, force: true });
  });
  const env = { DATABASE_URL: `pglite://${dataDir}` };

  it('a dry-run import checks the page against the shipped catalogue in memory, and says so', async () => {
    const result = await run(tsx, ['src/cli/import.ts', '--dry-run', page], env);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)[0]).toBe(`valid     ${page}`);
    expect(result.stdout).toContain('"forceName": "Cambridgeshire"');
    expect(lines(result.stderr)).toEqual([
      `the embedded database in ${dataDir} is in use by process ${process.pid} (a running server): checking against the shipped catalogue (fixtures/) in memory instead`,
    ]);
  }, 60_000);

  it('an import that would write, the seed and a second server each say why not in one line, with no stack trace', async () => {
    const inUse = `the embedded database in ${dataDir} is in use by process ${process.pid}`;
    const imported = await run(tsx, ['src/cli/import.ts', page], env);
    expect(imported.code).toBe(1);
    expect(lines(imported.stderr)).toEqual([
      `${inUse} (a running server): import through it (the importReport mutation, with its API_TOKEN), or stop it and run this again`,
    ]);
    const seeded = await run(tsx, ['src/cli/seed.ts'], env);
    expect(seeded.code).toBe(1);
    expect(lines(seeded.stderr)).toEqual([
      `${inUse} (a running server): the server loads fixtures/ itself when it starts; stop it to seed from here`,
    ]);
    const server = await run(process.execPath, ['src/start.ts'], { ...env, PORT: '0' });
    expect(server.code).toBe(1);
    const printed = lines(server.stdout + server.stderr);
    expect(printed).toHaveLength(1);
    expect(JSON.parse(printed[0]!).msg).toBe(
      `peel-graphql could not start: ${inUse}; PGlite serves one process, so stop that one first, or run several instances on PostgreSQL (DATABASE_URL=postgres://…)`,
    );
  }, 90_000);
});

describe.runIf(backend === 'pglite')('a manifest of trusted documents that cannot be trusted', () => {
  it('stops start-up in one line, before the database opens', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'peel-manifest-')), 'persisted-documents.json');
    writeFileSync(file, '{"abc": "query {"}');
    const server = await run(process.execPath, ['src/start.ts'], {
      DATABASE_URL: 'pglite://memory',
      PORT: '0',
      PERSISTED_OPERATIONS: 'only',
      PERSISTED_OPERATIONS_MANIFESTS: file,
    });
    expect(server.code).toBe(1);
    const printed = lines(server.stdout + server.stderr);
    expect(printed).toHaveLength(1);
    expect(JSON.parse(printed[0]!).msg).toBe(
      `peel-graphql could not start: PERSISTED_OPERATIONS_MANIFESTS: ${file}: entry abc: its document does not parse: Syntax Error: Expected Name, found <EOF>.`,
    );
  }, 60_000);
});
