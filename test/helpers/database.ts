// One database per test file: in-memory PGlite by default, or a fresh database on the PostgreSQL
// server named by DATABASE_URL (created here, dropped afterwards), so test files never share state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { parseDatabaseUrl, type DatabaseTarget } from '../../src/db/target.js';
import { prepareDatabase } from '../../src/startup/prepare.js';
import { StatementLog } from '../../src/db/statement-log.js';

export interface TestDatabase extends DatabaseHandle {
  log: StatementLog;
}

const configured = () => parseDatabaseUrl(process.env.DATABASE_URL || 'pglite://memory');
export const backend = configured().kind;

async function adminQuery(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A database nobody else uses, and how to remove it. `persistent` asks for one that survives being
 * closed and opened again (PGlite in a temporary folder rather than in memory).
 */
export async function createTestTarget({ persistent = false } = {}): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  const target = configured();
  if (target.kind === 'postgres') {
    const name = `peel_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(target.url, `create database ${name}`);
    const url = new URL(target.url);
    url.pathname = `/${name}`;
    return {
      target: { kind: 'postgres', url: url.toString() },
      drop: () => adminQuery(target.url, `drop database if exists ${name} with (force)`),
    };
  }
  if (!persistent) return { target: { kind: 'pglite', dataDir: undefined }, drop: async () => {} };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'peel-pglite-'));
  return { target: { kind: 'pglite', dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

export async function createTestDatabase({ seed = true } = {}): Promise<TestDatabase> {
  const log = new StatementLog();
  const { target, drop } = await createTestTarget();
  // PGLITE_THREAD=false keeps PGlite on the tests' thread (the seeding's mutation testing: mutants exist only there).
  const onThisThread = process.env.PGLITE_THREAD === 'false' ? { pgliteThread: undefined } : {};
  const { database } = await prepareDatabase(target, { logger: log, seedWhenNeeded: seed, ...onThisThread });
  log.clear();
  return {
    ...database,
    log,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}
