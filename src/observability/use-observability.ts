// One JSON log line per request (request id, operation, status, duration, SQL statements; never
// headers, tokens or variables) and the Prometheus metrics behind /metrics.
import type { Logger as Pino } from 'pino';
import type { Plugin } from 'graphql-yoga';
import type { Metrics } from './metrics.js';
import { requestContext } from './request-context.js';

interface Timing {
  start: number;
  operation?: string;
}

/** A low-cardinality label for a path. */
function routeOf(pathname: string): string {
  if (pathname.startsWith('/export/')) return '/export';
  return ['/graphql', '/healthz', '/readyz', '/metrics'].includes(pathname) ? pathname : 'other';
}

/** The operation's name as given, or as the document's first named operation. */
function operationName(params: { operationName?: string | null; query?: string | null }): string | undefined {
  return params.operationName ?? /\b(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/.exec(params.query ?? '')?.[1] ?? undefined;
}

export function useObservability({ log, metrics }: { log: Pino; metrics: Metrics }): Plugin {
  const timings = new WeakMap<Request, Timing>();
  return {
    async onRequest({ request, url, endResponse }) {
      timings.set(request, { start: performance.now() });
      if (url.pathname === '/metrics' && request.method === 'GET') {
        endResponse(new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } }));
      }
    },
    onParams({ params, request }) {
      const timing = timings.get(request);
      if (timing) timing.operation = operationName(params);
    },
    onExecutionResult({ result, context }) {
      const results = Array.isArray(result) ? result : [result];
      if (results.some((r) => 'errors' in r && r.errors?.length)) {
        metrics.graphqlErrors.inc({ operation: timings.get(context.request)?.operation ?? 'anonymous' });
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
