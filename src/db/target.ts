// Where things are and which database DATABASE_URL names: no driver is loaded here, so the entry
// point can read it before the heavy modules (and start a new embedded database's template meanwhile).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | undefined };

/** The nearest folder above `from` that holds a package.json. */
function packageFolder(from: string): string {
  for (let folder = from; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * The project's folder (package.json, fixtures/, drizzle/, operations/, src/), found from this
 * module whether it runs from src/db/ or bundled into .build/ (src/start.ts).
 */
export const projectRoot = packageFolder(path.dirname(fileURLToPath(import.meta.url)));
export const defaultPgliteDir = path.join(projectRoot, '.data', 'pglite');
/** drizzle-kit's migrations. */
export const migrationsFolder = path.join(projectRoot, 'drizzle');

/**
 * Reads DATABASE_URL: unset means PGlite persisted under .data/, `pglite://memory` an in-memory PGlite,
 * `pglite:///abs/dir` PGlite in that folder, and `postgres://` or `postgresql://` a PostgreSQL server.
 */
export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  if (url === undefined || url.trim() === '') return { kind: 'pglite', dataDir: defaultPgliteDir };
  if (url === 'pglite://memory') return { kind: 'pglite', dataDir: undefined };
  if (url.startsWith('pglite://')) {
    const dir = url.slice('pglite://'.length);
    if (dir === '') throw new Error('DATABASE_URL "pglite://" needs a folder (pglite:///abs/path) or "memory"');
    return { kind: 'pglite', dataDir: path.resolve(dir) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new Error(
    `DATABASE_URL must start with postgres://, postgresql:// or pglite:// (got "${url.split(':')[0]}:…"); ` +
      'leave it unset to use the embedded database under .data/',
  );
}
