// Starts the server: read config, prepare the database (migrate, load fixtures into an empty one),
// listen, and shut down cleanly on SIGTERM or SIGINT. Loaded by main.ts once NODE_ENV is settled.
import { pino } from 'pino';
import { readConfig } from './config.js';
import { RequestStatementCounter } from './db/request-context.js';
import { describeSeed } from './ingest/seed.js';
import { threadEntry } from './db/thread-entry.js';
import { prepareDatabase } from './startup/prepare.js';
import { reasonOf, waitForDatabase } from './startup/wait-for-database.js';
import { createApp } from './http/yoga.js';
import { readPersistedManifests } from './http/persisted-operations.js';
import { schema } from './graphql/schema.js';
import { listen } from './http/server.js';
import { createResponseCache } from './http/response-cache.js';
import { ReadModel } from './queries/read-model.js';
import { projectNodeVersion, releaseStartupMemory } from './runtime.js';

const log = pino({ level: process.env.LOG_LEVEL || 'info' });

async function start() {
  const started = performance.now();
  const config = readConfig();
  // Before the database opens: a manifest that cannot be trusted stops start-up at once, in one line.
  const trustedDocuments = readPersistedManifests(config.persistedOperationManifests, schema);
  const { database, seeded } = await waitForDatabase(
    () =>
      prepareDatabase(config.database, {
        seedWhenNeeded: config.seedOnStart,
        pgliteThread: config.pgliteThread ? threadEntry('pglite-worker') : undefined,
        logger: new RequestStatementCounter(),
        statementTimeoutMs: config.limits.statementTimeoutMs,
        poolWaitMs: config.limits.poolWaitMs,
      }),
    {
      budgetMs: config.startupDatabaseWaitMs,
      onRetry: (attempt, error, pauseMs) =>
        log.warn(
          `database not available at start (attempt ${attempt}: ${reasonOf(error)}); trying again in ${(pauseMs / 1000).toFixed(1)} s, ` +
            `for up to ${Math.round(config.startupDatabaseWaitMs / 1000)} s in all (STARTUP_DATABASE_WAIT_MS)`,
        ),
    },
  );
  if (seeded) log.info(`fixtures ${describeSeed(seeded).join('; ')}`);
  const responseCache = createResponseCache(config.redisUrl);
  const readModel = new ReadModel(database, log);
  // Loaded before the port opens, so the first request does not wait for it.
  await readModel.snapshot();
  // The app's settings are the config's own fields (Config extends AppSettings), passed as they are.
  const app = createApp({ ...config, database, log, responseCache, readModel, trustedDocuments });
  releaseStartupMemory();
  const running = await listen(app, database, config.port, config.host, { shutdownTimeoutMs: config.limits.shutdownTimeoutMs }).catch(
    async (error: NodeJS.ErrnoException) => {
      await database.close();
      throw error.code === 'EADDRINUSE'
        ? new Error(`port ${config.port} on ${config.host} is already in use; set PORT to another one`)
        : error;
    },
  );
  const where =
    config.database.kind === 'postgres'
      ? 'PostgreSQL'
      : config.database.dataDir
        ? `PGlite in ${config.database.dataDir}`
        : 'in-memory PGlite';
  const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  log.info(
    `peel-graphql ready in ${Math.round(performance.now() - started)} ms on ${where}, Node ${process.version} (${rssMb} MB resident)`,
  );
  const wanted = projectNodeVersion();
  if (wanted && wanted !== process.versions.node) {
    log.warn(
      `running on Node ${process.version}, not the project's own ${wanted}: start it with npm start (or put node_modules/.bin first on PATH)`,
    );
  }
  log.info(`GraphiQL: ${running.url}/graphql`);
  if (!config.apiToken) log.info('API_TOKEN is not set: importReport and deleteReport are refused');
  if (config.persistedOperations !== 'off') {
    const scope = config.persistedOperations === 'only' ? 'only trusted documents run' : 'trusted documents also run by hash';
    log.info(`PERSISTED_OPERATIONS=${config.persistedOperations}: ${scope} (operations/ and ${trustedDocuments.size} from manifests)`);
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info(`${signal}: finishing open requests, then closing`);
      running
        .close()
        .then(() => {
          readModel.close();
          return responseCache.close();
        })
        .then(
          () => process.exit(0),
          (error: unknown) => {
            log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
    });
  }
}

start().catch((error: unknown) => {
  log.fatal(`peel-graphql could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
