import { describe, expect, it } from 'vitest';
import { silenceUntil } from './silence-until';

const now = new Date(2026, 11, 4, 8, 0, 0);

describe('silence end from a preset', () => {
  it('adds the preset hours to now', () => {
    expect(silenceUntil('1h', now)).toEqual({ ok: true, until: new Date(2026, 11, 4, 9, 0, 0) });
    expect(silenceUntil('4h', now)).toEqual({ ok: true, until: new Date(2026, 11, 4, 12, 0, 0) });
    expect(silenceUntil('24h', now)).toEqual({ ok: true, until: new Date(2026, 11, 5, 8, 0, 0) });
  });

  it('reads a typed date in local time, in the future and at most 30 days ahead', () => {
    expect(silenceUntil('date', now, '2026-12-05T18:30')).toEqual({ ok: true, until: new Date(2026, 11, 5, 18, 30) });
    expect(silenceUntil('date', now, '2027-01-03T08:00')).toEqual({ ok: true, until: new Date(2027, 0, 3, 8, 0) });
    expect(silenceUntil('date', now, '2027-01-03T08:01')).toMatchObject({ ok: false, reason: expect.stringContaining('30 days') });
    expect(silenceUntil('date', now, '2026-12-04T08:00')).toMatchObject({ ok: false, reason: expect.stringContaining('future') });
  });

  it('refuses an empty or malformed date', () => {
    expect(silenceUntil('date', now, '')).toMatchObject({ ok: false });
    expect(silenceUntil('date', now, 'tomorrow')).toMatchObject({ ok: false });
    expect(silenceUntil('date', now, '2026-13-45T99:99')).toMatchObject({ ok: false });
  });
});
