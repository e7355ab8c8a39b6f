// Prometheus metrics, served at /metrics: request rate and latency, GraphQL errors, SQL statements,
// response cache hits and the database pool.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export function createMetrics(poolStats?: () => PoolStats) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'peel_' });
  const requests = new Counter({
    name: 'peel_http_requests_total',
    help: 'HTTP requests by route and status.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'peel_http_request_duration_seconds',
    help: 'HTTP request latency by route.',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: 'peel_graphql_errors_total',
    help: 'GraphQL responses that carried errors, by operation name.',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const writeVisible = new Histogram({
    name: 'peel_write_visible_seconds',
    help: "From a write through this server committing to this server's first GraphQL answer read at its data version or newer.",
    buckets: [0.0025, 0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5],
    registers: [registry],
  });
  const statements = new Counter({ name: 'peel_db_statements_total', help: 'SQL statements sent to the database.', registers: [registry] });
  const cache = new Counter({
    name: 'peel_response_cache_total',
    help: 'GraphQL responses by whether the response cache answered them.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  if (poolStats) {
    for (const [key, help] of [
      ['total', 'Connections in the PostgreSQL pool.'],
      ['idle', 'Idle connections in the PostgreSQL pool.'],
      ['waiting', 'Requests waiting for a PostgreSQL connection.'],
    ] as const) {
      new Gauge({
        name: `peel_db_pool_${key}`,
        help,
        registers: [registry],
        collect() {
          this.set(poolStats()[key]);
        },
      });
    }
  }
  return { registry, requests, duration, graphqlErrors, statements, cache, writeVisible };
}

export type Metrics = ReturnType<typeof createMetrics>;
