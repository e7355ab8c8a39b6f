// Starting the real server for a benchmark: on a fresh database, as its own process.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { parseDatabaseUrl, projectRoot } from '../src/db/target.js';

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

/** Runs the server as npm start does (src/start.ts) on 127.0.0.1:port; resolves once /readyz says it is ready. */
export function startServer(
  databaseUrl: string,
  port: number,
  env: Record<string, string> = {},
  node = process.execPath,
  pollMs = 200,
): Promise<ChildProcess> {
  const serverEnv = { DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env };
  return startProcess(node, ['src/start.ts'], serverEnv, `http://127.0.0.1:${port}/readyz`, undefined, pollMs);
}

/** How long the server takes from process start to ready, and its resident memory then; it is stopped after. */
export async function measureStart(databaseUrl: string, port: number): Promise<{ readyMs: number; rssMb: number }> {
  const started = performance.now();
  const child = await startServer(databaseUrl, port, {}, process.execPath, 20);
  const readyMs = performance.now() - started;
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  child.kill('SIGTERM');
  await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  return { readyMs, rssMb };
}

/** Runs the floor (bench/floor.ts) against the same database. */
export function startFloor(databaseUrl: string, port: number, node = process.execPath): Promise<ChildProcess> {
  return startProcess(node, ['--import', 'tsx', 'bench/floor.ts', databaseUrl, String(port)], {}, `http://127.0.0.1:${port}/`);
}

/** Runs PostGraphile (bench/postgraphile/server.mjs) against the same database (Node 22 or later). */
export function startPostGraphile(databaseUrl: string, port: number, node = process.execPath): Promise<ChildProcess> {
  const script = path.join('bench', 'postgraphile', 'server.mjs');
  return startProcess(
    node,
    [script, databaseUrl, String(port)],
    { GRAPHILE_ENV: 'production' },
    `http://127.0.0.1:${port}/graphql`,
    () => true,
  );
}

/** Resolves once `readyUrl` answers in a way `isReady` accepts (PostGraphile listens only once its schema is built). */
async function startProcess(
  node: string,
  args: string[],
  env: Record<string, string>,
  readyUrl: string,
  isReady: (response: Response) => boolean = (response) => response.ok,
  pollMs = 200,
): Promise<ChildProcess> {
  // Node itself (with tsx as a loader where needed), so the child's pid is the server's for memory readings.
  const child = spawn(node, args, {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(async () => {
      const ready = await fetch(readyUrl).then(isReady, () => false);
      if (ready) {
        clearInterval(poll);
        resolve();
      }
    }, pollMs);
    child.once('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`${args.join(' ')} exited with ${code}`));
    });
  });
  return child;
}
