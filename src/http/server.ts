// Listens on a port and shuts down gracefully: stop accepting, let in-flight requests finish, then
// close the database.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { DatabaseHandle } from '../db/connect.js';
import type { App } from './yoga.js';
import { requestContext, requestIdFrom } from '../db/request-context.js';

/**
 * After shutdown begins, how long an idle kept-alive connection stays open: a request its client
 * sent just before it heard of the shutdown is still on the wire, and is answered, not reset.
 */
export const KEEP_ALIVE_GRACE_MS = 1_000;

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function listen(
  app: App,
  database: DatabaseHandle,
  port: number,
  host: string,
  { shutdownTimeoutMs = 10_000 } = {},
): Promise<RunningServer> {
  // Each request runs in its own context, so its log line can say how many SQL statements it cost.
  const server = createServer((request, response) =>
    requestContext.run({ requestId: requestIdFrom(request.headers['x-request-id']), statements: 0 }, () => app(request, response)),
  );
  let closing: Promise<void> | undefined;
  // Once shutdown begins, every answer says Connection: close, so its socket ends after it.
  const unanswered = new Set<ServerResponse>();
  // (Before the app's own listener, which may answer at once.)
  server.prependListener('request', (_request, response) => {
    if (closing) response.setHeader('connection', 'close');
    unanswered.add(response);
    response.on('close', () => unanswered.delete(response));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${boundPort}`,
    close: () =>
      (closing ??= (async () => {
        for (const response of unanswered) if (!response.headersSent) response.setHeader('connection', 'close');
        // net's close, not http's: stop accepting new connections but keep the idle kept-alive ones for
        // KEEP_ALIVE_GRACE_MS (http's close would drop them at once, resetting a request already on its
        // way); it resolves once every connection has ended. A request still going at the deadline (a
        // stalled download, say) has its connection cut.
        const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
        const grace = setTimeout(() => server.closeIdleConnections(), Math.min(KEEP_ALIVE_GRACE_MS, shutdownTimeoutMs));
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            server.closeAllConnections();
            resolve();
          }, shutdownTimeoutMs);
        });
        await Promise.race([closed, deadline]);
        clearTimeout(timer);
        clearTimeout(grace);
        await database.close();
      })()),
  };
}
