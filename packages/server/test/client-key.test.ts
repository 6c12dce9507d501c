// The rate limit's default client key (clientKey): an IPv6 client is one /64, an IPv4-mapped address is
// its IPv4 address. Pure parsing, so checked on the strings Node and proxies report; the HTTP path is in
// rate-limit.test.ts.
import { describe, expect, it } from 'vitest';
import { clientKey } from '../src/index.js';

describe('clientKey', () => {
  it('keys every address of one /64 alike, however it is written', () => {
    const forms = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002:0:0:0:7', '[2001:db8:1:2::9]', 'fe80::1%eth0'.replace('fe80::', '2001:db8:1:2::')];
    expect(new Set(forms.map(clientKey))).toEqual(new Set(['2001:db8:1:2::/64']));
  });

  it('keys neighbouring /64s apart', () => {
    expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });

  it('keys an IPv4-mapped IPv6 address as its IPv4 address, dotted or in hex', () => {
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::FFFF:cb00:7107')).toBe('203.0.113.7');
    expect(clientKey('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('returns what is no IP address unchanged', () => {
    for (const junk of ['unknown', '1:2:3', '1::2::3', '::ffff:1.2.3.999', 'g::1', '1:2:3:4:5:6:7:8:9']) expect(clientKey(junk)).toBe(junk);
  });
});
