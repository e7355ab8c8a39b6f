// The GraphQL server as a fetch handler: schema, context, GraphiQL with the examples, health checks
// and the CSV/NDJSON exports.
// It owns no socket, so tests call `yoga.fetch` directly and serve.ts decides where it listens.
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import type { DatabaseHandle } from '../db/connect.js';
import type { Context } from '../graphql/builder.js';
import { schema } from '../graphql/schema.js';
import { operationNames, readExamples } from './examples.js';
import { pino, type Logger as Pino } from 'pino';
import { useExports } from './exports.js';
import { usePages } from './pages.js';
import { graphiqlOptions, renderOfflineGraphiQL, useGraphiqlAssets } from './graphiql.js';
import { createResponseCache, useCache, useHttpCaching, type ResponseCache } from './response-cache.js';
import { createMetrics } from './metrics.js';
import { useMetricsEndpoint, useObservability } from './observability.js';
import { readinessCheck } from './readiness.js';
import { corsOptions, useCsrfPrevention, useOpenCors } from './browser-safety.js';
import { useCostLimit } from './cost-limit.js';
import { useClientErrorCodes } from './client-error-codes.js';
import { useLiveness } from './liveness.js';
import { DEFAULT_LIMITS, useBodyLimit, useQueryLimits, type Limits } from './limits.js';
import { writeAccess } from './auth.js';
import { maskError } from './mask-error.js';
import { useInputBoundary } from './input-boundary.js';
import { useRateLimits } from './rate-limits.js';
import { useExecutionDeadline } from './deadline.js';
import { useResponseSizeCap } from './response-size.js';
import { useSecurityHeaders } from './security-headers.js';
import { boundedParserCache } from './parse-cache.js';
import { redactSql } from './redact.js';
import { clientAddressResolver, type ClientAddressOf } from './client-address.js';
import { usePersistedContract, type PersistedOperationsMode, type TrustedDocuments } from './persisted-operations.js';
import { DEFAULT_MAX_BYTES } from '../ingest/import-report.js';
import { ReadModel } from '../queries/read-model.js';
import { readDataVersion } from '../queries/snapshot-tables.js';
import { requestContext } from '../db/request-context.js';
import { useDataVersion } from './data-version.js';
import { WriteVisibility } from './write-visibility.js';
import { useCompiledExecution, type CompileBudget } from './compiled-execution.js';

/** What the configuration decides about the app: config.ts reads each from the environment (docs/configuration.md). */
export interface AppSettings {
  /** Bearer token that mutations require; unset disables every mutation. */
  apiToken: string | undefined;
  /** Largest report page importReport accepts, in bytes. */
  maxImportBytes: number;
  /** Query, request, time and rate limits (domain/limits.ts lists each with its variable). */
  limits: Limits;
  /** Origins allowed by CORS: '*', a list, or 'none'. */
  corsOrigins: string[] | '*' | 'none';
  /** How long a cached response lives, in milliseconds; 0 turns the cache off. */
  cacheTtlMs: number;
  /** Whether operations can be run by hash, and whether only those may run. */
  persistedOperations: PersistedOperationsMode;
  /** How many proxies in front append to X-Forwarded-For, for the client address (0: the socket's). */
  trustProxy: number;
  /** Bearer token /metrics requires; open when unset. */
  metricsToken: string | undefined;
}

/** The app's settings (each with a default) and what it is given to work with. */
export interface AppOptions extends Partial<AppSettings> {
  database: DatabaseHandle;
  /** Where request logs go (default: nowhere). */
  log?: Pino;
  /** The response cache (default: in memory); pass a Redis-backed one to share it between instances. */
  responseCache?: ResponseCache;
  /** Where a request comes from, for rate limits (default: from trustProxy; tests inject one). */
  clientAddress?: ClientAddressOf;
  /** Serve GraphiQL on GET /graphql from a browser (default true). */
  graphiql?: boolean;
  /** The in-memory data reads come from (default: one over `database`, loaded on the first read). */
  readModel?: ReadModel;
  /** Compile the operations that read only memory (http/compiled-execution.ts; default true; tests compare both). */
  compiledExecution?: boolean;
  /** How many compiles may run, across all clients (default: 5 a second, 10 at once; tests lift it). */
  compileBudget?: CompileBudget;
  /** How often /readyz may check the database and Redis; answers in between repeat the last check (default 1 s). */
  readinessEveryMs?: number;
  /** Documents run by hash besides operations/ (read from PERSISTED_OPERATIONS_MANIFESTS by readPersistedManifests). */
  trustedDocuments?: TrustedDocuments;
}

export function createApp({
  database,
  graphiql = true,
  apiToken,
  maxImportBytes = DEFAULT_MAX_BYTES,
  limits = DEFAULT_LIMITS,
  corsOrigins = '*',
  log = pino({ level: 'silent' }),
  responseCache = createResponseCache(undefined),
  cacheTtlMs = 60_000,
  persistedOperations = 'off',
  trustProxy = 0,
  clientAddress = clientAddressResolver(trustProxy),
  metricsToken,
  readModel = new ReadModel(database, log),
  compiledExecution = true,
  compileBudget: budget,
  trustedDocuments = new Map(),
  readinessEveryMs = 1_000,
}: AppOptions) {
  const metrics = createMetrics(database.poolStats);
  // A request waiting for a data version (X-Min-Data-Version, or a writer for its own write) gives up before its deadline.
  const versionWaitMs = Math.floor(limits.executionTimeoutMs * 0.8);
  const visibility = new WriteVisibility((seconds) => metrics.writeVisible.observe(seconds));
  const versions = useDataVersion(readModel, versionWaitMs, visibility);
  const examples = readExamples();
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    maskedErrors: { maskError },
    // Yoga's own messages (e.g. the cause of a masked error) go to the same JSON log, SQL parameters cut out.
    logging: {
      debug: (...args) => log.debug(redactSql(args.map(String).join(' '))),
      info: (...args) => log.info(redactSql(args.map(String).join(' '))),
      warn: (...args) => log.warn(redactSql(args.map(String).join(' '))),
      error: (...args) => log.error(redactSql(args.map(String).join(' '))),
    },
    cors: corsOptions(corsOrigins),
    context: ({ request }) => {
      const context: Context = {
        db: database.db,
        readModel,
        writeAccess: writeAccess(request.headers.get('authorization'), apiToken),
        maxImportBytes,
        // The writer reads its own write: a snapshot that holds the version its commit made (or a newer one).
        afterWrite: async () => {
          const facts = requestContext.getStore();
          const committedAt = facts?.committedAt ?? performance.now();
          const version = facts?.writtenVersion ?? (await readDataVersion(database.db));
          visibility.committed(version, committedAt);
          return { version, snapshot: await readModel.atLeast(version, versionWaitMs) };
        },
      };
      return context;
    },
    // Served from this server, so GraphiQL works offline (graphiql.ts).
    renderGraphiQL: renderOfflineGraphiQL,
    graphiql: graphiql && graphiqlOptions(examples, { sendTabsByHash: persistedOperations === 'only' }),
    // One operation per request: batching would multiply every limit below.
    batching: false,
    // useBodyLimit below bounds every body, tighter and without yoga's extra stream per request.
    maxRequestBodySize: false,
    parserAndValidationCache: boundedParserCache(),
    plugins: [
      useLiveness(),
      useClientErrorCodes(),
      useObservability({
        log,
        metrics,
        knownOperations: operationNames([...examples.map(({ query }) => query), ...trustedDocuments.values()]),
      }),
      ...(corsOrigins === '*' ? [useOpenCors()] : []),
      useRateLimits({
        readsPerMinute: limits.readsPerMinute,
        authFailuresPerMinute: limits.authFailuresPerMinute,
        apiToken,
        metricsToken,
        clientAddress,
        redis: responseCache.link,
      }),
      useMetricsEndpoint({ metrics, metricsToken }),
      useSecurityHeaders(),
      useBodyLimit(limits, (request) => writeAccess(request.headers.get('authorization'), apiToken) === 'granted'),
      ...useExecutionDeadline(limits.executionTimeoutMs),
      useResponseSizeCap(limits.maxResponseBytes),
      ...useQueryLimits(limits),
      useExports(database, log, readModel),
      useInputBoundary(),
      useCostLimit(limits.maxCost),
      versions.plugin,
      ...(compiledExecution ? [useCompiledExecution({ budget })] : []),
      ...(graphiql ? [useGraphiqlAssets()] : []),
      usePages({ hashOnly: persistedOperations === 'only' }),
      useCsrfPrevention(),
      ...usePersistedContract(persistedOperations, examples, trustedDocuments, limits.maxTokens),
      ...(cacheTtlMs > 0 ? [useCache(responseCache, cacheTtlMs, metrics, schema, limits.maxTokens, versions)] : []),
      useHttpCaching(),
      useReadinessCheck({
        endpoint: '/readyz',
        check: readinessCheck({ database, responseCache, readModel, everyMs: readinessEveryMs }),
      }),
    ],
  });
}

export type App = ReturnType<typeof createApp>;
