// Starts the server: read config, prepare the database (migrate, load fixtures into an empty one),
// listen, and shut down cleanly on SIGTERM or SIGINT.
import { readConfig } from './config.js';
import { prepareDatabase } from './db/prepare.js';
import { createApp } from './http/yoga.js';
import { listen } from './http/server.js';

const started = performance.now();
const config = readConfig();
const { database, seeded } = await prepareDatabase(config.database, { seedIfEmpty: config.seedOnStart });
if (seeded) {
  console.log(
    `loaded fixtures: ${seeded.forces} forces, ${seeded.inspectionYears} inspection years, ` +
      `${seeded.questions} questions, ${seeded.reports.length} report(s)`,
  );
}
const running = await listen(createApp({ database }), database, config.port, config.host);
const where =
  config.database.kind === 'postgres'
    ? 'PostgreSQL'
    : config.database.dataDir
      ? `PGlite in ${config.database.dataDir}`
      : 'in-memory PGlite';
console.log(`peel-graphql ready in ${Math.round(performance.now() - started)} ms on ${where}`);
console.log(`GraphiQL: ${running.url}/graphql`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: finishing open requests, then closing`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
