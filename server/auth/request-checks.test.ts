import { describe, expect, it } from 'vitest';
import { withClientIp } from '../http/client-address';
import { checkMutationRequest, clientIp } from './request-checks';
import { buildCsp, hasSessionCookie, isOpenPath } from './security-headers';

const h = (o: Record<string, string>) => new Headers(o);
const JSON_SAME = { 'content-type': 'application/json', host: 'vz.example:3000', origin: 'http://vz.example:3000' };

describe('mutations only as same-origin JSON', () => {
  it('lets GET through and a same-origin JSON POST', () => {
    expect(checkMutationRequest('GET', h({}))).toEqual({ ok: true });
    expect(checkMutationRequest('POST', h(JSON_SAME))).toEqual({ ok: true });
    expect(checkMutationRequest('POST', h({ 'content-type': 'application/json; charset=utf-8', host: 'vz.example:3000', 'sec-fetch-site': 'same-origin' }))).toEqual({ ok: true });
    expect(checkMutationRequest('POST', h({ ...JSON_SAME, host: 'internal:3000', origin: 'https://vz.example' }), 'https://vz.example')).toEqual({ ok: true });
  });

  it.each([
    ['a form post', { ...JSON_SAME, 'content-type': 'application/x-www-form-urlencoded' }],
    ['a multipart post', { ...JSON_SAME, 'content-type': 'multipart/form-data; boundary=x' }],
    ['text/plain (no preflight)', { ...JSON_SAME, 'content-type': 'text/plain' }],
    ['another origin', { ...JSON_SAME, origin: 'https://evil.example' }],
    ['a look-alike origin', { ...JSON_SAME, origin: 'http://vz.example:3000.evil.example' }],
    ['Origin null', { ...JSON_SAME, origin: 'null' }],
    ['cross-site fetch metadata', { ...JSON_SAME, 'sec-fetch-site': 'cross-site' }],
    ['same-site (a sibling subdomain)', { ...JSON_SAME, 'sec-fetch-site': 'same-site' }],
    ['neither Origin nor Sec-Fetch-Site', { 'content-type': 'application/json', host: 'vz.example:3000' }],
  ])('refuses %s', (_name, headers) => {
    expect(checkMutationRequest('POST', h(headers)).ok).toBe(false);
  });
});

describe('client address', () => {
  it('is only what the edge resolved: X-Forwarded-For, X-Real-IP and a bare x-vzfleet-client-ip from a client are not it', () => {
    expect(clientIp(withClientIp(h({ 'x-forwarded-for': '203.0.113.9, 10.0.0.1' })))).toBeNull();
    expect(clientIp(withClientIp(h({ 'x-real-ip': '192.0.2.1' })))).toBeNull();
    expect(clientIp(withClientIp(h({ 'x-vzfleet-client-ip': '192.0.2.1', 'x-vzfleet-peer': '127.0.0.5' })))).toBe('127.0.0.5');
  });
});

describe('page hardening', () => {
  it('builds a CSP whose scripts need the nonce, with framing forbidden', () => {
    const csp = buildCsp('abc123', { dev: false, https: true });
    const script = csp.split('; ').find((d) => d.startsWith('script-src'))!;
    expect(script).toBe(`script-src 'self' 'nonce-abc123' 'strict-dynamic'`);
    expect(csp).toContain(`frame-ancestors 'none'`);
    expect(csp).toContain(`object-src 'none'`);
    expect(csp).toContain('upgrade-insecure-requests');
    expect(buildCsp('n', { dev: false, https: false })).not.toContain('upgrade-insecure-requests');
  });

  it('knows the session cookies and the open pages', () => {
    expect(hasSessionCookie(['vzfleet.session_token'])).toBe(true);
    expect(hasSessionCookie(['__Secure-vzfleet.session_token'])).toBe(true);
    expect(hasSessionCookie(['vzfleet.kiosk'])).toBe(true);
    expect(hasSessionCookie(['session_token', 'other'])).toBe(false);
    expect(isOpenPath('/login')).toBe(true);
    expect(isOpenPath('/kiosk/abc')).toBe(true);
    expect(isOpenPath('/admin')).toBe(false);
    expect(isOpenPath('/loginx')).toBe(false);
  });
});
