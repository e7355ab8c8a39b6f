// Which address a request comes from, for rate limits. Directly connected clients are known by
// their socket; behind load balancers (TRUST_PROXY = how many), by X-Forwarded-For read from the
// right: each trusted proxy appended the address it saw, and anything further left is whatever the
// client wrote itself.
import type { IncomingMessage } from 'node:http';

export type ClientAddressOf = (request: Request, serverContext: unknown) => string;

export function clientAddressResolver(trustedProxies: number): ClientAddressOf {
  return (request, serverContext) => {
    const socketAddress = (serverContext as { req?: IncomingMessage }).req?.socket?.remoteAddress ?? 'unknown';
    if (trustedProxies === 0) return socketAddress;
    const forwarded = (request.headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    // The socket is the nearest proxy; X-Forwarded-For's last entry the one before it, and so on.
    const hops = [...forwarded, socketAddress];
    return hops[Math.max(0, hops.length - 1 - trustedProxies)]!.slice(0, 64);
  };
}
