import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cameThroughProxy, clientAddressReader, networkOf, normaliseAddress, parseTrustProxy } from './client-address.mjs';

function request(socket: string, forwardedFor?: string): IncomingMessage {
  return { socket: { remoteAddress: socket }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as never;
}

describe('clientAddressReader', () => {
  it('without a proxy, takes the socket and never reads X-Forwarded-For', () => {
    for (const setting of [undefined, '', 'false', '0']) {
      const read = clientAddressReader(setting);
      expect(read(request('198.51.100.4', '1.2.3.4'))).toBe('198.51.100.4');
      expect(read(request('::ffff:198.51.100.4', '1.2.3.4, 5.6.7.8'))).toBe('198.51.100.4');
    }
  });

  it('behind one proxy hop, takes the address that proxy appended, not what the client wrote before it', () => {
    const read = clientAddressReader('1');
    expect(read(request('127.0.0.1', '203.0.113.9'))).toBe('203.0.113.9');
    expect(read(request('127.0.0.1', '6.6.6.6, 203.0.113.9'))).toBe('203.0.113.9');
    expect(read(request('127.0.0.1', '6.6.6.6,7.7.7.7 , 203.0.113.9'))).toBe('203.0.113.9');
    // No header at all (the proxy was bypassed): the socket.
    expect(read(request('198.51.100.4'))).toBe('198.51.100.4');
  });

  it('behind two hops, skips both proxies', () => {
    const read = clientAddressReader('2');
    expect(read(request('10.0.0.2', '6.6.6.6, 203.0.113.9, 10.0.0.1'))).toBe('203.0.113.9');
  });

  it('trusting named proxies, walks from the right past them only, and ignores the header from anyone else', () => {
    const read = clientAddressReader('loopback, 10.0.0.0/8');
    expect(read(request('127.0.0.1', '6.6.6.6, 203.0.113.9, 10.1.2.3'))).toBe('203.0.113.9');
    expect(read(request('198.51.100.4', '203.0.113.9'))).toBe('198.51.100.4');
  });

  it('never takes a forged non-address: the socket counts instead', () => {
    const read = clientAddressReader('1');
    expect(read(request('127.0.0.1', 'unknown'))).toBe('127.0.0.1');
    expect(read(request('127.0.0.1', '<script>'))).toBe('127.0.0.1');
  });
});

describe('parseTrustProxy', () => {
  it.each([
    ['5', { hops: 5 }],
    [' loopback ', { proxies: ['loopback'] }],
    ['127.0.0.1, ::1', { proxies: ['127.0.0.1', '::1'] }],
  ])('reads %j', (value, expected) => expect(parseTrustProxy(value)).toEqual(expected));

  it.each(['11', 'yes', '300.1.1.1', '10.0.0.0/99', 'everyone'])('refuses %j with a message', (value) => {
    expect(() => parseTrustProxy(value)).toThrow(/must be/);
  });
});

describe('networks', () => {
  it('are an IPv4 address itself and an IPv6 /64', () => {
    expect(networkOf('203.0.113.9')).toBe('203.0.113.9');
    expect(networkOf('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8:1:2::1')).toBe(networkOf('2001:db8:1:2:ffff::9'));
    expect(networkOf('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('spell one address one way', () => {
    expect(normaliseAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normaliseAddress('not an address')).toBeNull();
  });
});

describe('cameThroughProxy', () => {
  it('says a request came through a proxy when it arrived with any forwarding header, nginx’s X-Forwarded-For alone included', () => {
    for (const name of ['x-forwarded-for', 'forwarded', 'x-real-ip', 'via'])
      expect(cameThroughProxy({ headers: { [name]: '203.0.113.7' } }), name).toBe(true);
    expect(cameThroughProxy({ headers: { 'x-forwarded-for': '' } })).toBe(true);
  });

  it('says not for a request straight from a client such as `npm run send`', () => {
    expect(cameThroughProxy({ headers: { authorization: 'Bearer x', host: '127.0.0.1:3000', 'x-forwarded-proto': 'http' } })).toBe(false);
  });
});
