// The tests StrykerJS runs for each mutant (npm run test:mutation): the pure unit tests under
// test/unit, which need no database, so each mutant costs milliseconds rather than a PGlite start.
// (Not merged with vitest.config.ts: merging would add these to its `include` rather than replace it.)
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // As in vitest.config.ts: one copy of graphql for the schema and the tests.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: { include: ['test/unit/**/*.test.ts'] },
});
