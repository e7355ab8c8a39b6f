// npm start: runs the server as one bundled module, built by esbuild from src/main.ts whenever a
// source is newer than the bundle. Loading the ~1,000 modules of the server and its packages one by
// one took ~3 s on a 2-core machine (drizzle-orm alone 1.5 s: Node reads its 290 KB package.json
// for each of its files); the bundle loads in ~0.4 s and builds in ~0.7 s. Node runs this file
// itself (type stripping), so it imports nothing of the project. Tests and `npm run dev` use the
// sources.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Node 22.18 and later read this file too (type stripping), but the server needs 26: say how to get it.
const major = Number(process.versions.node.split('.')[0]);
if (major < 26) {
  console.error(`peel-graphql needs Node 26, and this is Node ${process.version}: run npm start, which uses the project's own Node 26`);
  process.exit(1);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, '.build');
const bundle = path.join(outdir, 'server.mjs');

/** The newest modification time among the files the bundle is built from. */
function newestSource(): number {
  let newest = statSync(path.join(root, 'package-lock.json')).mtimeMs;
  for (const entry of readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  try {
    return statSync(bundle).mtimeMs < newestSource();
  } catch {
    return true;
  }
}

/**
 * graphql stays outside the bundle, loaded by Node as it loads it for the sources. graphql 16 is
 * CommonJS; bundled, every use of its exports goes through a getter esbuild adds, and Compare (about
 * 1,550 fields per request) ran 15-20% slower. Deep imports (graphql-armor's `graphql/language/parser`)
 * get the `.js` Node's ES module resolution needs, so all of them share Node's one copy of graphql.
 */
const graphqlAsNodeLoadsIt = {
  name: 'graphql-as-node-loads-it',
  setup(build: {
    onResolve(options: { filter: RegExp }, callback: (args: { path: string }) => { path: string; external: boolean }): void;
  }) {
    build.onResolve({ filter: /^graphql(\/|$)/ }, ({ path: specifier }) => ({
      path: specifier === 'graphql' || specifier.endsWith('.js') ? specifier : `${specifier}.js`,
      external: true,
    }));
  },
};

if (isStale()) {
  const { build } = await import('esbuild');
  const result = await build({
    // The server, and the modules its threads start from (db/thread-entry.ts finds them beside the server).
    entryPoints: Object.fromEntries(
      [['server', 'main'], ['pglite-worker'], ['parse-worker']].map(([name, source = name]) => [
        name,
        path.join(root, 'src', `${source}.ts`),
      ]),
    ),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node26',
    write: false,
    // PGlite finds its WebAssembly next to its own module; pg-native is an optional part of pg.
    external: ['@electric-sql/pglite', 'pg', 'pg-native'],
    plugins: [graphqlAsNodeLoadsIt],
    // Some packages are CommonJS and call require(); an ES module bundle has none of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  // Written aside and renamed, so a second instance starting at once never loads half a file; the
  // server last, as its time is what says whether the bundle is current.
  mkdirSync(outdir, { recursive: true });
  for (const output of result.outputFiles.toSorted((a) => (a.path === bundle ? 1 : -1))) {
    const partial = `${output.path}.${process.pid}.tmp`;
    writeFileSync(partial, output.contents);
    renameSync(partial, output.path);
  }
}

// Settings from .env in the project's folder (cp .env.example .env), as docker run --env-file reads it;
// a variable already set wins.
const envFile = path.join(root, '.env');
if (existsSync(envFile)) process.loadEnvFile(envFile);

// npm ci's postinstall builds the bundle ahead (`--build-only`), so the first start does not wait for it.
if (process.argv.includes('--build-only')) process.exit(0);

// As src/main.ts says: before graphql loads.
process.env.NODE_ENV ??= 'production';
await import(pathToFileURL(bundle).href);
