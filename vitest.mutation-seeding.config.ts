// The tests StrykerJS runs for each mutant of the seeding (stryker.seeding.config.json): seeding
// needs a database, so only test/seeding.test.ts, on in-memory PGlite, a second or two per mutant.
// PGlite stays on the tests' thread (PGLITE_THREAD=false): its own thread would load the sources
// afresh, without StrykerJS's mutants.
import { defineConfig, mergeConfig } from 'vitest/config';
import unit from './vitest.mutation.config.js';

export default mergeConfig(unit, defineConfig({ test: { include: ['test/seeding.test.ts'], env: { PGLITE_THREAD: 'false' } } }), false);
