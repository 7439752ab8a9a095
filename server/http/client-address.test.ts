import { describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER, clientIp, isLoopbackClient, normaliseIp, parseTrustedProxies, PEER_HEADER, resolveClientIp, withClientIp } from './client-address';

const h = (o: Record<string, string>) => new Headers(o);
const none = parseTrustedProxies('');

describe('the client address', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For or x-vzfleet-client-ip say', () => {
    const forged = h({ [PEER_HEADER]: '198.51.100.7', 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '10.0.0.1', [CLIENT_IP_HEADER]: '1.2.3.4' });
    expect(resolveClientIp(forged, none)).toBe('198.51.100.7');
    expect(clientIp(withClientIp(forged, none))).toBe('198.51.100.7');
  });

  it('is unknown (null) without a socket peer: client headers alone never name it', () => {
    expect(resolveClientIp(h({ 'x-forwarded-for': '203.0.113.9' }), none)).toBeNull();
    expect(clientIp(withClientIp(h({ [CLIENT_IP_HEADER]: '1.2.3.4' }), none))).toBeNull();
  });

  it('behind a trusted proxy, is the first untrusted hop from the right', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, ::1');
    expect(resolveClientIp(h({ [PEER_HEADER]: '10.0.0.2', 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.5' }), trusted)).toBe('203.0.113.9');
    expect(resolveClientIp(h({ [PEER_HEADER]: '::1', 'x-forwarded-for': '203.0.113.9' }), trusted)).toBe('203.0.113.9');
    expect(resolveClientIp(h({ [PEER_HEADER]: '10.0.0.2' }), trusted)).toBe('10.0.0.2');
    expect(resolveClientIp(h({ [PEER_HEADER]: '10.0.0.2', 'x-forwarded-for': 'junk, 10.0.0.3' }), trusted)).toBe('10.0.0.3');
    // An untrusted peer's X-Forwarded-For is ignored.
    expect(resolveClientIp(h({ [PEER_HEADER]: '192.0.2.1', 'x-forwarded-for': '10.0.0.9' }), trusted)).toBe('192.0.2.1');
  });

  it('spells an address one way', () => {
    expect(normaliseIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseIp('[::1]')).toBe('::1');
    expect(normaliseIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normaliseIp('127.0.0.1; drop')).toBeNull();
  });

  it('refuses a malformed trusted-proxy list at start-up', () => {
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/prefix/);
    expect(() => parseTrustedProxies('proxy.example')).toThrow(/not an IP/);
  });

  it('counts a browser as on this machine only for a loopback socket with no proxy headers', () => {
    expect(isLoopbackClient(h({ [PEER_HEADER]: '127.0.0.1' }))).toBe(true);
    expect(isLoopbackClient(h({ [PEER_HEADER]: '::ffff:127.0.0.1' }))).toBe(true);
    expect(isLoopbackClient(h({ [PEER_HEADER]: '127.0.0.1', 'x-forwarded-for': '203.0.113.9' }))).toBe(false);
    // Next fills X-Forwarded-For with the socket address itself: that is not a proxy.
    expect(isLoopbackClient(h({ [PEER_HEADER]: '::ffff:127.0.0.1', 'x-forwarded-for': '::ffff:127.0.0.1' }))).toBe(true);
    expect(isLoopbackClient(h({ [PEER_HEADER]: '127.0.0.1', 'x-forwarded-for': '127.0.0.1, 203.0.113.9' }))).toBe(false);
    expect(isLoopbackClient(h({ [PEER_HEADER]: '127.0.0.1', forwarded: 'for=203.0.113.9' }))).toBe(false);
    expect(isLoopbackClient(h({ [PEER_HEADER]: '192.0.2.1', host: 'localhost' }))).toBe(false);
    expect(isLoopbackClient(h({ host: '127.0.0.1', 'x-forwarded-for': '127.0.0.1' }))).toBe(false);
  });
});
