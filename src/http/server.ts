// Listens on a port and shuts down gracefully: stop accepting, let in-flight requests finish, then
// close the database.
import { createServer, type Server } from 'node:http';
import type { DatabaseHandle } from '../db/connect.js';
import type { App } from './yoga.js';
import { requestContext, requestIdFrom } from '../db/request-context.js';

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
  // A keep-alive connection that was busy when shutdown began would otherwise hold close() open
  // until its idle timeout: drop each one as soon as its last response is out.
  server.on('request', (_request, response) => {
    response.on('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
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
        // close() stops new connections and resolves once open requests are done; a request that
        // is still going at the deadline (a stalled download, say) has its connection cut.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            server.closeAllConnections();
            resolve();
          }, shutdownTimeoutMs);
        });
        await Promise.race([closed, deadline]);
        clearTimeout(timer);
        await database.close();
      })()),
  };
}
