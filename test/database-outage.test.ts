// A PostgreSQL outage, for real: a throwaway cluster of our own is stopped under a running app and
// started again. Requests get a clear 503, /readyz fails, the process stays up and recovers alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase, type PreparedDatabase } from '../src/startup/prepare.js';
import { createApp } from '../src/http/yoga.js';
import { backend } from './helpers/database.js';
import { operationFile } from './helpers/graphql.js';

const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [];
const bin = versions.length ? path.join('/usr/lib/postgresql', versions[0]!, 'bin') : '';
// PostgreSQL will not run as root; the cluster belongs to the postgres user when there is one.
const asPostgres = (command: string, args: string[]) =>
  process.getuid?.() === 0
    ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' })
    : execFileSync(command, args, { stdio: 'pipe' });
const available = backend === 'postgres' && bin !== '' && spawnSync('id', ['postgres']).status === 0;

describe.skipIf(!available)('PostgreSQL outage', () => {
  const port = 55_000 + Math.floor(Math.random() * 5000);
  const dir = mkdtempSync(path.join(tmpdir(), 'peel-outage-'));
  const dataDir = path.join(dir, 'data');
  const pgCtl = (action: 'start' | 'stop') =>
    asPostgres(path.join(bin, 'pg_ctl'), [
      '-D',
      dataDir,
      '-w',
      '-l',
      path.join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      ...(action === 'stop' ? ['-m', 'fast'] : []),
      action,
    ]);
  let prepared: PreparedDatabase;

  beforeAll(async () => {
    if (process.getuid?.() === 0) chownSync(dir, 101, 104);
    asPostgres(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust']);
    pgCtl('start');
    prepared = await prepareDatabase({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/postgres` });
  }, 120_000);

  afterAll(async () => {
    await prepared?.database.close().catch(() => {});
    try {
      pgCtl('stop');
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = (app: ReturnType<typeof createApp>) =>
    Promise.resolve(
      app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: operationFile('report.graphql'), operationName: 'ForceReport' }),
      }),
    );

  it('answers 503 with a clear error while the database is down, and recovers when it returns', async () => {
    // Readiness is asked right after the outage and right after the restart: each must check afresh.
    const app = createApp({ database: prepared.database, cacheTtlMs: 0, readinessEveryMs: 0 });
    expect((await ask(app)).status).toBe(200);

    pgCtl('stop');
    // Reads come from memory; the read model stops vouching for it once its listening connection
    // drops, which it hears within moments of the stop, and from then on each read needs the database.
    let down = await ask(app);
    for (let i = 0; i < 100 && down.status === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      down = await ask(app);
    }
    expect(down.status).toBe(503);
    expect(((await down.json()) as any).errors[0]).toMatchObject({
      message: 'the database is unavailable; retry shortly',
      extensions: { code: 'DATABASE_UNAVAILABLE' },
    });
    const ready = await app.fetch('http://test/readyz');
    expect(ready.status).toBe(503);
    expect((await app.fetch('http://test/healthz')).status).toBe(200);

    pgCtl('start');
    const back = await ask(app);
    expect(back.status).toBe(200);
    expect(((await back.json()) as any).data.report.grade).toBe('REQUIRES_IMPROVEMENT');
    expect((await app.fetch('http://test/readyz')).status).toBe(200);
  }, 120_000);
});
