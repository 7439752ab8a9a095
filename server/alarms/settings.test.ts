import { describe, expect, it } from 'vitest';
import { alarmOverridesSchema, DEFAULT_ALARM_SETTINGS, resolveAlarmSettings } from './settings';

describe('resolveAlarmSettings', () => {
  it('returns the defaults when nothing is stored', () => {
    expect(resolveAlarmSettings(new Map(), { id: 1, tags: [] })).toEqual(DEFAULT_ALARM_SETTINGS);
  });

  it('lets the node override its tag, and the tag the fleet, field by field', () => {
    const stored = new Map<string, unknown>([
      ['fleet', { failcntRising: { quietMinutes: 60 }, memoryCommitment: { ratio: 3 } }],
      ['tag:budget', { memoryCommitment: { ratio: 4, severity: 'info' } }],
      ['node:7', { memoryCommitment: { ratio: 5 } }],
    ]);
    const s = resolveAlarmSettings(stored, { id: 7, tags: ['budget'] });
    expect(s.failcntRising.quietMinutes).toBe(60);
    expect(s.memoryCommitment).toEqual({ enabled: true, severity: 'info', ratio: 5 });
    expect(resolveAlarmSettings(stored, { id: 8, tags: [] }).memoryCommitment.ratio).toBe(3);
  });

  it('applies tags in name order whatever order the node lists them', () => {
    const stored = new Map<string, unknown>([
      ['tag:a', { cpuGuarantee: { ratio: 2 } }],
      ['tag:b', { cpuGuarantee: { ratio: 3 } }],
    ]);
    expect(resolveAlarmSettings(stored, { id: 1, tags: ['b', 'a'] }).cpuGuarantee.ratio).toBe(3);
    expect(resolveAlarmSettings(stored, { id: 1, tags: ['a', 'b'] }).cpuGuarantee.ratio).toBe(3);
  });

  it('ignores a stored override that no longer validates instead of failing the node', () => {
    const stored = new Map<string, unknown>([['fleet', { nodeUnreachable: { failedPolls: -1 } }]]);
    expect(resolveAlarmSettings(stored, { id: 1, tags: [] }).nodeUnreachable.failedPolls).toBe(3);
  });

  it('rejects unknown rules and fields in overrides', () => {
    expect(alarmOverridesSchema.safeParse({ noSuchRule: {} }).success).toBe(false);
    expect(alarmOverridesSchema.safeParse({ dataStale: { intervals: 2, extra: 1 } }).success).toBe(false);
    expect(alarmOverridesSchema.safeParse({ dataStale: { intervals: 2 } }).success).toBe(true);
  });
});
