// The Node the project brings with it (the registry's `node` package, pinned in package.json, whose
// binary npm puts first on PATH for every npm script; read from package.json so the pin is written
// once), and what start-up asks of its V8.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { projectRoot } from './db/target.js';

/** The exact Node version package.json pins, or null where it pins none. */
export function projectNodeVersion(): string | null {
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return manifest.dependencies?.node ?? null;
}

/**
 * One full, memory-reducing garbage collection, for the moment start-up is over. Loading the modules
 * and building the schema leave V8's heap several times larger than what stays alive (about 200 MB
 * resident where 35 MB is in use); V8 keeps those pages until memory is scarce. Collecting once, as
 * V8 would when short of memory, returns them (PostgreSQL mode: ~225 → ~120 MB). Later growth under
 * load is V8's own sizing and is kept. `gc` is reached through the --expose-gc flag set at run time.
 */
export function releaseStartupMemory(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
