// The Node the project brings with it: the registry's `node` package, pinned in package.json, whose
// binary npm puts first on PATH for every npm script. Read from package.json so the pin is written once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './db/connect.js';

/** The exact Node version package.json pins, or null where it pins none. */
export function projectNodeVersion(): string | null {
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return manifest.dependencies?.node ?? null;
}
