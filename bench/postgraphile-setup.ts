// The bench's PostGraphile: bench/postgraphile/ holds PostGraphile v5 with its own lockfile, installed the
// first time the bench needs it. It runs under the same Node as everything else in the bench (the
// project's own, from the `node` dependency), so every ratio compares like with like. Nothing here is
// part of the server or its dependencies.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/db/target.js';

const folder = path.join(projectRoot, 'bench', 'postgraphile');
/** PostGraphile v5's own floor. */
const minimumNodeMajor = 22;

/** Installs PostGraphile if needed; says why not where it cannot run under this Node. */
export function preparePostGraphile(): { ready: true } | { skipped: string } {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < minimumNodeMajor)
    return {
      skipped: `PostGraphile 5 needs Node ${minimumNodeMajor} or later; this is ${process.version} (run the bench with npm run bench)`,
    };
  if (!existsSync(path.join(folder, 'node_modules', 'postgraphile'))) {
    console.log('installing bench/postgraphile (PostGraphile v5, bench only) …');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: folder, stdio: 'inherit' });
  }
  return { ready: true };
}
