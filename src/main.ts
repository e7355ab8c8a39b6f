// The entry point (npm start). NODE_ENV defaults to "production" before any other module loads:
// graphql-js decides when it is imported whether to use plain `instanceof` checks (production) or
// slower ones that look for a second copy of graphql (anything else), and the difference is ~12% of
// Compare over 43 forces. Set NODE_ENV=development to get those checks. serve.ts does the rest.
import { startPgliteTemplate } from './db/pglite.js';
import { parseDatabaseUrl } from './db/target.js';
process.env.NODE_ENV ??= 'production';
// A new embedded database needs PGlite's empty-cluster template; when npm ci did not leave one,
// building it takes ~3 s in a process of its own: start that now, while the rest of the server loads.
try {
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  if (target.kind === 'pglite') startPgliteTemplate(target.dataDir);
} catch {
  // serve.ts reads DATABASE_URL again and says what is wrong with it.
}
await import('./serve.js');
