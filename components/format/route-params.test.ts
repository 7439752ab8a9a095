import { describe, expect, it } from 'vitest';
import { ctIdOfParam, nodeIdOfParam } from './route-params';

describe('route params', () => {
  it('accepts positive node ids only', () => {
    expect(nodeIdOfParam('12')).toBe(12);
    for (const bad of ['0', '-1', '1e3', '12abc', '', '99999999999']) expect(nodeIdOfParam(bad)).toBeNull();
  });

  it('accepts numeric and UUID CT ids and nothing else', () => {
    expect(ctIdOfParam('101')).toBe('101');
    expect(ctIdOfParam('0')).toBe('0');
    expect(ctIdOfParam('8f1c2e4a-1b2c-4d5e-8f9a-0123456789ab')).toBe('8f1c2e4a-1b2c-4d5e-8f9a-0123456789ab');
    for (const bad of ['101; rm -rf /', '0101', 'abc', '']) expect(ctIdOfParam(bad)).toBeNull();
  });
});
