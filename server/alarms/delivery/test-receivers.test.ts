import { describe, expect, it } from 'vitest';
import { byArrival } from './test-receivers';

describe('the SMTP sink lists messages in arrival order', () => {
  it('orders Maildir names by their delivery counter, not as strings (unpadded microseconds misorder)', () => {
    // Two messages in the same second: the first at .999999 s, the second at .012345 s of the next tick.
    const names = ['1796000000.M12345P77Q2.host', '1796000000.M999999P77Q1.host'];
    expect([...names].sort()).toEqual(names); // what a string sort gives: the later one first
    expect([...names].sort(byArrival)).toEqual(['1796000000.M999999P77Q1.host', '1796000000.M12345P77Q2.host']);
  });
});
