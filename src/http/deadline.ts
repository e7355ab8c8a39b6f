// The execution deadline: a request still running after EXECUTION_TIMEOUT_MS is answered 503 and
// its signal aborted, which stops graphql execution (yoga's execution cancellation: no resolver
// starts after it), cancels a PostgreSQL statement still running for it (db/prepared-client.ts),
// and refuses any statement it would start later (db/request-context.ts). On PGlite, which cannot
// cancel a statement once it runs, that last check is what bounds a request.
import { useRequestDeadline } from '@whatwg-node/server';
import { useExecutionCancellation, type Plugin } from 'graphql-yoga';
import { ERROR_CODES } from '../domain/error-codes.js';
import { requestContext } from '../db/request-context.js';

export function useExecutionDeadline(timeoutMs: number): Plugin[] {
  const deadline = useRequestDeadline({
    timeout: timeoutMs,
    response: () =>
      Response.json(
        {
          errors: [
            {
              message: `the request ran for longer than ${timeoutMs} ms and was stopped (EXECUTION_TIMEOUT_MS); ask for less, or retry if the server is busy`,
              extensions: { code: ERROR_CODES.EXECUTION_TIMEOUT },
            },
          ],
        },
        { status: 503, headers: { 'retry-after': '5' } },
      ),
  }) as Plugin;
  // After the deadline plugin, so the request's signal is the one the deadline aborts.
  const recordDeadline: Plugin = {
    onRequest({ request }) {
      const facts = requestContext.getStore();
      if (facts) facts.deadline = { signal: request.signal, at: performance.now() + timeoutMs };
    },
  };
  return [deadline, recordDeadline, useExecutionCancellation()];
}
