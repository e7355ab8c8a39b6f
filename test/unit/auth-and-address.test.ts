// Who may write, and which address a request comes from (pure: no database).
import { describe, expect, it } from 'vitest';
import { writeAccess } from '../../src/http/auth.js';
import { clientAddressResolver } from '../../src/http/client-address.js';

const TOKEN = 'the-right-token-0123456789';

describe('writeAccess', () => {
  it('grants only the exact bearer token', () => {
    expect(writeAccess(`Bearer ${TOKEN}`, TOKEN)).toBe('granted');
    expect(writeAccess(`bearer ${TOKEN}`, TOKEN)).toBe('granted');
    expect(writeAccess(`Bearer   ${TOKEN}  `, TOKEN)).toBe('granted');
    expect(writeAccess(`Bearer ${TOKEN}x`, TOKEN)).toBe('wrong-token');
    expect(writeAccess(`Bearer ${TOKEN.slice(1)}`, TOKEN)).toBe('wrong-token');
    expect(writeAccess('Bearer ', TOKEN)).toBe('no-token');
    expect(writeAccess(TOKEN, TOKEN)).toBe('no-token');
    expect(writeAccess(`Basic ${TOKEN}`, TOKEN)).toBe('no-token');
    expect(writeAccess(`Bearer ${TOKEN} extra`, TOKEN)).toBe('no-token');
    expect(writeAccess(null, TOKEN)).toBe('no-token');
  });
  it('refuses everything when writes are disabled', () => {
    expect(writeAccess(`Bearer ${TOKEN}`, undefined)).toBe('writes-disabled');
    expect(writeAccess(null, undefined)).toBe('writes-disabled');
    expect(writeAccess(`Bearer ${TOKEN}`, '')).toBe('writes-disabled');
  });
});

describe('clientAddressResolver', () => {
  const request = (forwarded?: string) =>
    new Request('http://test/', { headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } });
  const from = (remoteAddress: string) => ({ req: { socket: { remoteAddress } } });

  it('uses the socket, ignoring X-Forwarded-For, when no proxy is trusted', () => {
    expect(clientAddressResolver(0)(request('1.1.1.1'), from('10.0.0.9'))).toBe('10.0.0.9');
    expect(clientAddressResolver(0)(request(), {})).toBe('unknown');
  });
  it('reads X-Forwarded-For from the right, one entry per trusted proxy', () => {
    // The client wrote "6.6.6.6"; the one proxy appended what it saw: 2.2.2.2.
    expect(clientAddressResolver(1)(request('6.6.6.6, 2.2.2.2'), from('10.0.0.1'))).toBe('2.2.2.2');
    expect(clientAddressResolver(2)(request('6.6.6.6, 3.3.3.3, 2.2.2.2'), from('10.0.0.1'))).toBe('3.3.3.3');
    expect(clientAddressResolver(1)(request(' 2.2.2.2 '), from('10.0.0.1'))).toBe('2.2.2.2');
  });
  it('never goes further left than the list reaches', () => {
    expect(clientAddressResolver(5)(request('2.2.2.2'), from('10.0.0.1'))).toBe('2.2.2.2');
    expect(clientAddressResolver(1)(request(), from('10.0.0.1'))).toBe('10.0.0.1');
    expect(clientAddressResolver(1)(request(''), from('10.0.0.1'))).toBe('10.0.0.1');
  });
  it('cuts a long forged entry short', () => {
    expect(clientAddressResolver(1)(request(`${'9'.repeat(500)}`), from('10.0.0.1'))).toHaveLength(64);
  });
});
