// Builds the empty PGlite cluster every new embedded database starts as a copy of (src/db/pglite.ts
// runs it). initdb probes shared memory sizes and runs a second PostgreSQL to build the catalogues,
// which takes ~3 s and grows WebAssembly heaps to several hundred MB that a process never gives back;
// in a process of its own that memory goes when it exits, and copying its result takes ~0.1 s.
// Plain JavaScript, so it runs without the TypeScript loader.
// Usage: node pglite-template.mjs <template folder> <PGlite options as JSON>
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const [folder, options] = process.argv.slice(2);
// Built beside its place and renamed into it, so no process ever copies half a template.
const partial = `${folder}.partial-${process.pid}`;
rmSync(partial, { recursive: true, force: true });
mkdirSync(path.dirname(folder), { recursive: true });
const client = new PGlite(partial, JSON.parse(options));
await client.waitReady;
await client.close();
try {
  renameSync(partial, folder);
} catch (error) {
  // Another process finished the same template first: theirs is as good.
  rmSync(partial, { recursive: true, force: true });
  if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
}
