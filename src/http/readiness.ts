// GET /readyz: ready while the database answers. A sick Redis costs the shared cache and shared
// limits, not answers: the instance is then degraded, still ready, and should keep taking traffic.
// The check (a query to the database, a ping to Redis) runs at most once per `everyMs`, and
// requests meanwhile share its answer, so a flood of probes never reaches either.
import type { DatabaseHandle } from '../db/connect.js';
import type { ReadModel } from '../queries/read-model.js';
import type { ResponseCache } from './response-cache.js';

interface Checked {
  at: number;
  status: number;
  body: string;
}

export function readinessCheck({
  database,
  responseCache,
  readModel,
  everyMs,
  now = () => performance.now(),
}: {
  database: DatabaseHandle;
  responseCache: ResponseCache;
  readModel: ReadModel;
  everyMs: number;
  now?: () => number;
}): () => Promise<Response> {
  let last: Promise<Checked> | null = null;
  const check = async (): Promise<Checked> => {
    const at = now();
    const [database_, cacheUp] = await Promise.all([
      database.ping().then(
        () => 'up',
        () => 'down',
      ),
      responseCache.ping(),
    ]);
    const ready = database_ === 'up';
    const body = JSON.stringify({
      ready,
      status: !ready ? 'not ready' : cacheUp ? 'ready' : 'degraded',
      database: database_,
      cache: cacheUp ? 'up' : responseCache.describe(),
      readModel: readModel.describe(),
      dataVersion: readModel.version,
      node: process.version,
      ...(ready ? {} : { reason: 'database does not answer' }),
    });
    return { at, status: ready ? 200 : 503, body };
  };
  return async () => {
    // One check in flight at a time; a finished one serves until it is `everyMs` old.
    const previous = last;
    const current = previous ? await previous : null;
    // Only the first request to find the answer old starts the next check; the others share it.
    const stale = last === previous && (current === null || now() - current.at >= everyMs);
    const answer = stale || !last ? (last = check()) : last;
    const { status, body } = await answer;
    return new Response(body, { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  };
}
