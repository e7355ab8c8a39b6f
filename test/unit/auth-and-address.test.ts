// Who may write, and which address a request comes from (pure: no database).
import { describe, expect, it } from 'vitest';
import { writeAccess } from '../../src/http/auth.js';
import { addressKey, clientAddressResolver } from '../../src/http/client-address.js';

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
  it("keys the socket and the proxies' entries alike, in one normal form", () => {
    expect(clientAddressResolver(0)(request(), from('::ffff:203.0.113.7'))).toBe('203.0.113.7');
    expect(clientAddressResolver(1)(request('203.0.113.7:51234'), from('10.0.0.1'))).toBe('203.0.113.7');
    expect(clientAddressResolver(1)(request('2001:DB8:1:2:3:4:5:6'), from('10.0.0.1'))).toBe('2001:db8:1:2::/64');
  });
});

describe('addressKey', () => {
  it('folds the ways one IPv4 client can be written into one key', () => {
    const forms = [
      '203.0.113.7',
      ' 203.0.113.7 ',
      '203.0.113.7:8080',
      '203.000.113.007',
      '::ffff:203.0.113.7',
      '::FFFF:203.0.113.7',
      '::ffff:cb00:7107',
      '[::ffff:203.0.113.7]:443',
      '0:0:0:0:0:ffff:203.0.113.7',
      '::ffff:203.000.113.007',
    ];
    expect(new Set(forms.map(addressKey))).toEqual(new Set(['203.0.113.7']));
    expect(addressKey('203.0.113.8')).toBe('203.0.113.8');
    expect(addressKey('010.0.0.1')).toBe('10.0.0.1'); // decimal, as a proxy means it, not octal
  });
  it('keys an IPv6 client by its /64, whichever way it is written', () => {
    const forms = [
      '2001:db8:1:2::1',
      '2001:DB8:1:2::1',
      '2001:0db8:0001:0002:0000:0000:0000:0001',
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '[2001:db8:1:2::99]:443',
      '[2001:db8:1:2::99]',
      '2001:db8:1:2::1%eth0',
    ];
    expect(new Set(forms.map(addressKey))).toEqual(new Set(['2001:db8:1:2::/64']));
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
  it('keeps what is no address as written, lower-cased and cut short', () => {
    expect(addressKey('unknown')).toBe('unknown');
    expect(addressKey('Not-An-Address')).toBe('not-an-address');
    expect(addressKey('x'.repeat(100))).toHaveLength(64);
    expect(addressKey('1.2.3.4:99999999')).toBe('1.2.3.4:99999999');
  });
});
