// Which address a request comes from, for rate limits. Directly connected clients are known by
// their socket; behind load balancers (TRUST_PROXY = how many), by X-Forwarded-For read from the
// right: each trusted proxy appended the address it saw, and anything further left is whatever the
// client wrote itself. Addresses are keyed in one normal form (ipaddr.js), so one client written
// several ways (a port, IPv4 mapped into IPv6, upper case, zero padding) is one client, and an IPv6
// client is keyed by its /64: one subscriber commonly holds a whole /64.
import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';

export type ClientAddressOf = (request: Request, serverContext: unknown) => string;

/** Dotted decimal with leading zeros read as decimal (as proxies mean it), not as inet_aton's octal. */
const unpadded = (text: string) =>
  text.replace(/(^|:)(\d{1,3}(?:\.\d{1,3}){3})$/, (_, before: string, v4: string) => before + v4.split('.').map(Number).join('.'));

/**
 * The rate-limit key of an address as a socket or a proxy wrote it: an IPv4 address in dotted
 * decimal, an IPv6 address as its /64 (`2001:db8:1:2::/64`); anything that is no address, lower-cased
 * and cut to 64 characters.
 */
export function addressKey(written: string): string {
  let text = written.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  text = unpadded(text.replace(/%.*$/, '')); // an IPv6 zone (fe80::1%eth0) names the interface, not the client
  if (!ipaddr.isValid(text)) return text.slice(0, 64);
  const address = ipaddr.process(text); // IPv4 mapped into IPv6 comes back as IPv4
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}

export function clientAddressResolver(trustedProxies: number): ClientAddressOf {
  return (request, serverContext) => {
    const socketAddress = (serverContext as { req?: IncomingMessage }).req?.socket?.remoteAddress ?? 'unknown';
    if (trustedProxies === 0) return addressKey(socketAddress);
    const forwarded = (request.headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    // The socket is the nearest proxy; X-Forwarded-For's last entry the one before it, and so on.
    const hops = [...forwarded, socketAddress];
    return addressKey(hops[Math.max(0, hops.length - 1 - trustedProxies)]!);
  };
}
