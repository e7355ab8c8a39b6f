// The tests StrykerJS runs for each mutant of the seeding (stryker.seeding.config.json): seeding
// needs a database, so only test/seeding.test.ts, on in-memory PGlite, a second or two per mutant.
import { defineConfig, mergeConfig } from 'vitest/config';
import unit from './vitest.mutation.config.js';

export default mergeConfig(unit, defineConfig({ test: { include: ['test/seeding.test.ts'] } }), false);
