// Where a thread's entry module is, and what Node needs to load it: beside the bundle under npm start
// (src/start.ts builds each entry with the server), the source through tsx otherwise (tests, the
// CLIs, npm run dev).

/** The threads the server starts, named by their entry modules in src/. */
export type ThreadModule = 'pglite-worker' | 'parse-worker';

export interface ThreadEntry {
  script: URL;
  execArgv: string[];
}

export function threadEntry(module: ThreadModule): ThreadEntry {
  // Bundled, this code is in .build/*.mjs beside the entries; as a source, it is in src/db/.
  if (import.meta.url.endsWith('.mjs')) return { script: new URL(`./${module}.mjs`, import.meta.url), execArgv: [] };
  return { script: new URL(`../${module}.ts`, import.meta.url), execArgv: ['--import', 'tsx'] };
}
