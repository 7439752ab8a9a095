import { describe, expect, it } from 'vitest';
import { unacknowledgedText } from './unacknowledged-text';

describe('the header alarm count in words', () => {
  it('says how many wait and how many are critical', () => {
    expect(unacknowledgedText({ total: 0, critical: 0 })).toBe('no open alarms waiting');
    expect(unacknowledgedText({ total: 1, critical: 0 })).toBe('1 open alarm nobody has acknowledged');
    expect(unacknowledgedText({ total: 3, critical: 1 })).toBe('3 open alarms nobody has acknowledged, 1 critical');
  });
});
