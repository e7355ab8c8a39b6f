// Configuration from environment variables, checked once at start-up. The README lists each one.
import { parseDatabaseUrl, type DatabaseTarget } from './db/connect.js';

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** Load fixtures/ into an empty database on start (default on). */
  seedOnStart: boolean;
}

function port(value: string | undefined): number {
  if (value === undefined || value === '') return 4000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`PORT must be a whole number from 0 to 65535, got "${value}"`);
  return n;
}

function flag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'yes'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(value.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got "${value}"`);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: port(env.PORT),
    host: env.HOST || '0.0.0.0',
    database: parseDatabaseUrl(env.DATABASE_URL),
    seedOnStart: flag('SEED_ON_START', env.SEED_ON_START, true),
  };
}
