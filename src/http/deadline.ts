// The execution deadline: a request still running after EXECUTION_TIMEOUT_MS is answered 503 and
// its signal aborted, which stops graphql execution (yoga's execution cancellation: no resolver
// starts after it). On PostgreSQL, statement_timeout (no longer than the deadline) stops a statement
// already running; on PGlite, one connection, the deadline is what bounds a request.
import { useRequestDeadline } from '@whatwg-node/server';
import { useExecutionCancellation, type Plugin } from 'graphql-yoga';
import { ERROR_CODES } from '../error-codes.js';

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
  return [deadline, useExecutionCancellation()];
}
