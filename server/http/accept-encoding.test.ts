import { describe, expect, it } from 'vitest';
import { acceptsEncoding, preferredCoding } from './accept-encoding';

describe('whether a client takes a coding', () => {
  it('reads Accept-Encoding with its weights', () => {
    expect(acceptsEncoding('gzip, deflate, br, zstd', 'br')).toBe(true);
    expect(acceptsEncoding('gzip, BR;q=0.5', 'br')).toBe(true);
    expect(acceptsEncoding('gzip, br;q=0', 'br')).toBe(false);
    expect(acceptsEncoding('gzip, br;q=0.0', 'br')).toBe(false);
    expect(acceptsEncoding('*', 'br')).toBe(true);
    expect(acceptsEncoding('*;q=0', 'br')).toBe(false);
    expect(acceptsEncoding('br;q=0, *', 'br')).toBe(false);
    expect(acceptsEncoding('gzip', 'br')).toBe(false);
    expect(acceptsEncoding('brotli, xbr', 'br')).toBe(false);
    expect(acceptsEncoding('', 'br')).toBe(false);
    expect(acceptsEncoding(undefined, 'br')).toBe(false);
    expect(acceptsEncoding(['gzip', 'br'], 'br')).toBe(true);
    expect(acceptsEncoding('x-gzip, deflate', 'gzip')).toBe(false);
    expect(acceptsEncoding('GZIP;q=1.0', 'gzip')).toBe(true);
  });

  it('prefers br, then gzip, then none', () => {
    expect(preferredCoding('gzip, deflate, br, zstd')).toBe('br');
    expect(preferredCoding('gzip, br;q=0')).toBe('gzip');
    expect(preferredCoding('identity')).toBeNull();
    expect(preferredCoding('*;q=0')).toBeNull();
    expect(preferredCoding(null)).toBeNull();
    expect(preferredCoding('deflate, *')).toBe('br');
  });
});
