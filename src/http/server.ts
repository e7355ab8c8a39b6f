// Listens on a port and shuts down gracefully: stop accepting, let in-flight requests finish, then
// close the database.
import { createServer, type Server } from 'node:http';
import type { DatabaseHandle } from '../db/connect.js';
import type { App } from './yoga.js';

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function listen(app: App, database: DatabaseHandle, port: number, host: string): Promise<RunningServer> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  let closing: Promise<void> | undefined;
  return {
    server,
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${boundPort}`,
    close: () =>
      (closing ??= (async () => {
        // close() stops new connections and resolves once open requests are done.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closed;
        await database.close();
      })()),
  };
}
