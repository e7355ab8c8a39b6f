// npm ci's postinstall: builds the empty PGlite cluster new embedded databases start from
// (src/db/pglite.ts), so that the first start does not wait ~3 s for initdb.
import { pgliteTemplate } from '../db/pglite.js';

const started = performance.now();
const folder = await pgliteTemplate();
console.log(`PGlite template ready in ${Math.round(performance.now() - started)} ms: ${folder}`);
