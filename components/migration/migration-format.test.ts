import { describe, expect, it } from 'vitest';
import { durationSeconds, formatCommit, formatSeconds, isActive, outcomeTone } from './migration-format';

describe('migration display helpers', () => {
  it('formats commitment, seconds and durations', () => {
    expect(formatCommit(0.456)).toBe('46 %');
    expect(formatSeconds(1.234)).toBe('1.23 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatSeconds(null)).toBe('—');
    expect(durationSeconds(new Date(0), new Date(2500))).toBe(2.5);
    expect(durationSeconds(null, new Date())).toBeNull();
  });
  it('tells active jobs and the tone of an outcome', () => {
    expect(['queued', 'running', 'reconciling'].every(isActive)).toBe(true);
    expect(isActive('failed')).toBe(false);
    expect(outcomeTone('failed')).toBe('tone-bad');
    expect(outcomeTone('succeeded')).toBe('tone-good');
  });
});
