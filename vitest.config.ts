import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS and ESM copies; Node loads the CJS one for yoga and Pothos, so the tests
    // must too, or schema objects would cross "realms" and fail instanceof checks.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/announce-runtime.ts'],
    // PGlite takes a few seconds to start; each file shares one database across its tests.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
