// Configuration from environment variables, checked once at start-up. docs/configuration.md lists each one, .env.example gives each its default.
import { parseDatabaseUrl, type DatabaseTarget } from './db/target.js';
import { DEFAULT_MAX_BYTES } from './ingest/import-report.js';
import { REQUEST_LIMITS, type LimitSetting, type Limits } from './domain/limits.js';
import type { AppSettings } from './http/yoga.js';

/** The server's own settings, and the app's (AppSettings, documented in http/yoga.ts). */
export interface Config extends AppSettings {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** Load fixtures/ into an empty database on start, or bring it up to date when they changed (default on). */
  seedOnStart: boolean;
  /** Embedded PGlite on a thread of its own (PGLITE_THREAD, default on), so that writes never hold up reads. */
  pgliteThread: boolean;
  /** Redis for the shared response cache and rate limits (REDIS_URL); in-process memory when unset. */
  redisUrl: string | undefined;
  /** How long start-up keeps trying a database that refuses connections (STARTUP_DATABASE_WAIT_MS; 0: once). */
  startupDatabaseWaitMs: number;
  /** Files of trusted documents ({hash: document} JSON) run by hash besides operations/ (PERSISTED_OPERATIONS_MANIFESTS). */
  persistedOperationManifests: string[];
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

function corsOrigins(value: string | undefined): string[] | '*' | 'none' {
  if (value === undefined || value.trim() === '' || value.trim() === '*') return '*';
  if (value.trim() === 'none') return 'none';
  const origins = value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const bad = origins.find((o) => !/^https?:\/\/[^/\s]+$/.test(o));
  if (bad) throw new Error(`CORS_ORIGINS entries must be origins such as https://example.org (no path), got "${bad}"`);
  return origins;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function manifests(value: string | undefined, mode: Config['persistedOperations']): string[] {
  const files = (value ?? '')
    .split(',')
    .map((file) => file.trim())
    .filter(Boolean);
  // A manifest is there to lock a server down; loading one into a server that runs anything would hide that it does not.
  if (files.length > 0 && mode === 'off') {
    throw new Error('PERSISTED_OPERATIONS_MANIFESTS is set but PERSISTED_OPERATIONS is off: set it to only (or allow)');
  }
  return files;
}

function redisUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^rediss?:\/\//.test(value)) throw new Error(`REDIS_URL must start with redis:// or rediss://, got "${value.split(':')[0]}:…"`);
  return value;
}

function apiToken(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  // A short token is guessable; say so without ever printing it.
  if (value.length < 16) throw new Error(`API_TOKEN must be at least 16 characters (it has ${value.length})`);
  return value;
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

function limitValue(setting: LimitSetting, value: string | undefined): number {
  if ('zeroTurnsOff' in setting && setting.zeroTurnsOff && value === '0') return 0;
  return positiveInteger(setting.env, value, setting.default);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const persistedOperations = oneOf('PERSISTED_OPERATIONS', env.PERSISTED_OPERATIONS, ['off', 'allow', 'only'] as const, 'off');
  return {
    port: port(env.PORT),
    host: env.HOST || '0.0.0.0',
    database: parseDatabaseUrl(env.DATABASE_URL),
    seedOnStart: flag('SEED_ON_START', env.SEED_ON_START, true),
    pgliteThread: flag('PGLITE_THREAD', env.PGLITE_THREAD, true),
    apiToken: apiToken(env.API_TOKEN),
    maxImportBytes: positiveInteger('IMPORT_MAX_BYTES', env.IMPORT_MAX_BYTES, DEFAULT_MAX_BYTES),
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    persistedOperations,
    startupDatabaseWaitMs:
      env.STARTUP_DATABASE_WAIT_MS === '0' ? 0 : positiveInteger('STARTUP_DATABASE_WAIT_MS', env.STARTUP_DATABASE_WAIT_MS, 60_000),
    persistedOperationManifests: manifests(env.PERSISTED_OPERATIONS_MANIFESTS, persistedOperations),
    redisUrl: redisUrl(env.REDIS_URL),
    cacheTtlMs: env.RESPONSE_CACHE_TTL_MS === '0' ? 0 : positiveInteger('RESPONSE_CACHE_TTL_MS', env.RESPONSE_CACHE_TTL_MS, 60_000),
    trustProxy: env.TRUST_PROXY === '0' || !env.TRUST_PROXY ? 0 : positiveInteger('TRUST_PROXY', env.TRUST_PROXY, 0),
    metricsToken: env.METRICS_TOKEN || undefined,
    limits: Object.fromEntries(
      Object.entries(REQUEST_LIMITS).map(([key, setting]) => [key, limitValue(setting, env[setting.env])]),
    ) as Limits,
  };
}
