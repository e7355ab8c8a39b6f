// One JSON log line per request (request id, operation, status, duration, SQL statements; never
// headers, tokens or variables) and the Prometheus metrics behind /metrics.
import type { Logger as Pino } from 'pino';
import type { Plugin } from 'graphql-yoga';
import type { Metrics } from './metrics.js';
import { requestContext } from '../db/request-context.js';
import { writeAccess } from './auth.js';

interface Timing {
  start: number;
  operation?: string;
}

/** A low-cardinality label for a path. */
function routeOf(pathname: string): string {
  if (pathname.startsWith('/export/')) return '/export';
  return ['/graphql', '/healthz', '/readyz', '/metrics'].includes(pathname) ? pathname : 'other';
}

/** Longest operation name a log line carries; the rest is cut (a client may send megabytes). */
const MAX_LOGGED_NAME = 64;

/** The operation's name as given, or as the document's first named operation, cut short. */
function operationName(params: { operationName?: string | null; query?: string | null }): string | undefined {
  // Whatever the client sent: a query that is not a string is yoga's to refuse, not ours to crash on.
  const query = typeof params.query === 'string' ? params.query.slice(0, 4096) : '';
  const name = params.operationName ?? /\b(?:query|mutation|subscription)\s+([_A-Za-z]\w{0,200})/.exec(query)?.[1];
  if (typeof name !== 'string') return undefined;
  return name.length > MAX_LOGGED_NAME ? `${name.slice(0, MAX_LOGGED_NAME)}…` : name;
}

/**
 * Logs and metrics for each request. `knownOperations` are the names metric labels may carry (the
 * shipped operations); any other name is counted as `other`, so clients cannot grow the label set.
 */
export function useObservability({
  log,
  metrics,
  knownOperations,
}: {
  log: Pino;
  metrics: Metrics;
  knownOperations: ReadonlySet<string>;
}): Plugin {
  const timings = new WeakMap<Request, Timing>();
  return {
    onRequest({ request }) {
      timings.set(request, { start: performance.now() });
    },
    onParams({ params, request }) {
      const timing = timings.get(request);
      if (timing) timing.operation = operationName(params);
    },
    onExecutionResult({ result, context }) {
      const results = Array.isArray(result) ? result : [result];
      if (results.some((r) => 'errors' in r && r.errors?.length)) {
        const operation = timings.get(context.request)?.operation;
        metrics.graphqlErrors.inc({
          operation: operation === undefined ? 'anonymous' : knownOperations.has(operation) ? operation : 'other',
        });
      }
    },
    onResponse({ request, response }) {
      const timing = timings.get(request);
      const facts = requestContext.getStore();
      const url = new URL(request.url);
      const route = routeOf(url.pathname);
      const seconds = timing ? (performance.now() - timing.start) / 1000 : 0;
      metrics.requests.inc({ route, status: String(response.status) });
      metrics.duration.observe({ route }, seconds);
      if (facts) {
        metrics.statements.inc(facts.statements);
        response.headers.set('x-request-id', facts.requestId);
      }
      if (route === '/metrics' || route === '/healthz') return;
      log.info(
        {
          requestId: facts?.requestId,
          method: request.method,
          path: url.pathname,
          operation: timing?.operation,
          status: response.status,
          durationMs: Math.round(seconds * 10000) / 10,
          statements: facts?.statements,
        },
        'request',
      );
    },
  };
}

/**
 * GET /metrics, Prometheus's text format, behind METRICS_TOKEN when it is set. Placed after the rate
 * limits, so one address cannot have the registry serialised without bound.
 */
export function useMetricsEndpoint({ metrics, metricsToken }: { metrics: Metrics; metricsToken?: string }): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== '/metrics' || request.method !== 'GET') return;
      if (metricsToken && writeAccess(request.headers.get('authorization'), metricsToken) !== 'granted') {
        return endResponse(
          new Response('/metrics needs Authorization: Bearer <METRICS_TOKEN>\n', {
            status: 401,
            headers: { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' },
          }),
        );
      }
      endResponse(new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } }));
    },
  };
}
