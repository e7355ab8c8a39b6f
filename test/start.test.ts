// npm start as a newcomer runs it: src/start.ts builds (or reuses) the bundle and runs it on a new
// embedded database, which starts from PGlite's empty-cluster template. The bundle must find what the
// sources find beside themselves (fixtures, migrations, the pages, GraphiQL's assets, the template
// script), and the embedded database must run with the small buffers that keep its memory down.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, pgliteTemplate } from '../src/db/pglite.js';
import { backend } from './helpers/database.js';

const root = path.resolve(import.meta.dirname, '..');
const folder = mkdtempSync(path.join(os.tmpdir(), 'peel-start-'));
const TOKEN = 'start-test-token-0123456789abcdef';
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(folder, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe.runIf(backend === 'pglite')('npm start', () => {
  it('runs the bundle on a new embedded database: the seed report, the compare page and GraphiQL all answer', async () => {
    const port = await freePort();
    const dataDir = path.join(folder, 'server');
    child = spawn(process.execPath, ['src/start.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: `pglite://${dataDir}`,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        API_TOKEN: TOKEN,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    let exited: number | null = null;
    child.once('exit', (code) => (exited = code));
    const base = `http://127.0.0.1:${port}`;
    let ready = false;
    for (let i = 0; i < 300 && !ready && exited === null; i++) {
      ready = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect({ ready, exited, stderr: stderr.slice(0, 500) }).toEqual({ ready: true, exited: null, stderr: '' });
    expect(existsSync(path.join(root, '.build', 'server.mjs'))).toBe(true);
    // PGlite's thread starts from its own bundle, beside the server's.
    expect(existsSync(path.join(root, '.build', 'pglite-worker.mjs'))).toBe(true);

    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ report(force: "cambridgeshire", year: 2017, pillar: EFFECTIVENESS) { grade lastUpdated } }' }),
    });
    // The seed document: Cambridgeshire 2017 effectiveness, Requires improvement, last updated 22/03/2018.
    expect(await response.json()).toEqual({ data: { report: { grade: 'REQUIRES_IMPROVEMENT', lastUpdated: '2018-03-22' } } });

    const page = await fetch(`${base}/compare`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const graphiql = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    const asset = /\/graphiql\/[^"']+\.js/.exec(await graphiql.text())?.[0];
    expect(asset).toBeDefined();
    expect((await fetch(`${base}${asset}`)).status).toBe(200);

    // A write runs whole on PGlite's thread; its answer names the version it wrote, and reads hold it.
    const seedPage = readFileSync(path.join(root, 'fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt'), 'utf8');
    const write = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        query: 'mutation($text: String!) { importReport(input: { text: $text }) { ... on ImportReportSuccess { updated } } }',
        variables: { text: seedPage.replace('Last updated 22/03/2018', 'Last updated 23/03/2018') },
      }),
    });
    expect(await write.json()).toEqual({ data: { importReport: { updated: true } } });
    const written = Number(write.headers.get('x-data-version'));
    const read = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ report(force: "cambridgeshire", year: 2017, pillar: EFFECTIVENESS) { lastUpdated } }' }),
    });
    expect(Number(read.headers.get('x-data-version'))).toBeGreaterThanOrEqual(written);
    expect(await read.json()).toEqual({ data: { report: { lastUpdated: '2018-03-23' } } });
  }, 90_000);

  it('opens a new embedded database from the template, with 16 MB of shared buffers instead of 128 MB', async () => {
    const template = await pgliteTemplate();
    expect(existsSync(template)).toBe(true);
    const { client, close } = await openPglite(path.join(folder, 'direct'));
    try {
      expect((await client.query('show shared_buffers')).rows).toEqual([{ shared_buffers: '16MB' }]);
      expect(existsSync(path.join(folder, 'direct', 'PG_VERSION'))).toBe(true);
    } finally {
      await close();
    }
  }, 60_000);

  it('refuses a folder another running process has open, and takes over the lock of one that has ended', async () => {
    const dataDir = path.join(folder, 'locked');
    const first = await openPglite(dataDir);
    await first.close();
    // A process that is running (this one's parent) holds the folder: refused, with what to do.
    writeFileSync(path.join(dataDir, 'peel-graphql.pid'), String(process.ppid));
    await expect(openPglite(dataDir)).rejects.toThrow(`the embedded database in ${dataDir} is in use by process ${process.ppid}`);
    // A process that has ended left its lock behind: taken over, and given back on close.
    const ended = spawnSync(process.execPath, ['-e', '0']);
    writeFileSync(path.join(dataDir, 'peel-graphql.pid'), String(ended.pid));
    const second = await openPglite(dataDir);
    const [pid, started] = readFileSync(path.join(dataDir, 'peel-graphql.pid'), 'utf8').split(' ');
    expect(pid).toBe(String(process.pid));
    // With when this process started, as the kernel says: /proc/<pid>/stat's 22nd field.
    const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
    expect(started).toBe(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    await second.close();
    expect(existsSync(path.join(dataDir, 'peel-graphql.pid'))).toBe(false);
  }, 60_000);

  it('takes over a lock whose pid now names a live but unrelated process (a pid reused after a crash)', async () => {
    const dataDir = path.join(folder, 'reused');
    await (await openPglite(dataDir)).close();
    const unrelated = spawn('sleep', ['30']);
    try {
      await once(unrelated, 'spawn');
      const stat = readFileSync(`/proc/${unrelated.pid}/stat`, 'utf8');
      const realStart = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
      // Recorded by the process that held the pid before: the same pid, another start time.
      writeFileSync(path.join(dataDir, 'peel-graphql.pid'), `${unrelated.pid} ${Number(realStart) - 1}`);
      const taken = await openPglite(dataDir);
      await taken.close();
      // Recorded by the live process itself: it holds the folder.
      writeFileSync(path.join(dataDir, 'peel-graphql.pid'), `${unrelated.pid} ${realStart}`);
      await expect(openPglite(dataDir)).rejects.toThrow(`is in use by process ${unrelated.pid}`);
    } finally {
      unrelated.kill();
    }
  }, 60_000);
});
