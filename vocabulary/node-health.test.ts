import { describe, expect, it } from 'vitest';
import { NODE_HEALTH, toNodeHealth } from './node-health';

describe('node health vocabulary', () => {
  it('accepts exactly the listed states', () => {
    for (const h of NODE_HEALTH) expect(toNodeHealth(h)).toBe(h);
    expect(toNodeHealth('OK')).toBeNull();
    expect(toNodeHealth('')).toBeNull();
    expect(NODE_HEALTH[0]).toBe('never-polled');
  });
});
