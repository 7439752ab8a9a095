import { describe, expect, it } from 'vitest';
import { safeNext } from './post-json';

describe('where the login page sends a person afterwards', () => {
  it.each(['/', '/nodes/3', '/nodes?q=a%20b', '/admin#audit'])('keeps the same-origin path %s', (p) => {
    expect(safeNext(p)).toBe(p);
  });

  it.each([
    null,
    '',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/%09/evil.example',
    '/\n/evil.example',
    '/%0a/evil.example',
    '/%2f/evil.example',
    '/%5c/evil.example',
    '/%5C%5Cevil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    ' /x',
    '/x\u0000',
  ])('never leaves the site for %j', (p) => {
    const out = safeNext(p);
    expect(out.startsWith('/')).toBe(true);
    // What the browser would do with it, resolved against our own origin: still our origin.
    expect(new URL(out, 'http://vz.example').origin).toBe('http://vz.example');
    expect(new URL(decodeURIComponent(out), 'http://vz.example').origin).toBe('http://vz.example');
  });
});
