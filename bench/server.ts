// Starting the real server for a benchmark: on a fresh database, as its own process.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { parseDatabaseUrl, projectRoot } from '../src/db/connect.js';

/** In-memory PGlite, or a new database on DATABASE_URL's PostgreSQL (dropped by `drop`). */
export async function freshDatabaseUrl(prefix = 'peel_bench'): Promise<{ url: string; drop: () => Promise<void> }> {
  const target = parseDatabaseUrl(process.env.DATABASE_URL || 'pglite://memory');
  if (target.kind === 'pglite') return { url: 'pglite://memory', drop: async () => {} };
  const name = `${prefix}_${process.pid}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`drop database if exists ${name}`);
  await admin(`create database ${name}`);
  const url = new URL(target.url);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** Runs src/main.ts on 127.0.0.1:port and resolves once it says it is ready. */
export async function startServer(databaseUrl: string, port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  // Node itself (with tsx as a loader), so the child's pid is the server's for memory readings.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/main.ts')], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    const poll = setInterval(async () => {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ready) {
        clearInterval(poll);
        resolve();
      }
    }, 200);
  });
  return child;
}
