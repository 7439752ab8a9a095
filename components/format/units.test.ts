import { describe, expect, it } from 'vitest';
import { formatAge, formatInterval } from './age';
import { formatBytes, formatMiB, formatPercent, kibToGiBText, pagesToMiB, percentOf } from './units';

describe('units', () => {
  it('converts pages to MiB as pages × 4096 / 2^20', () => {
    expect(pagesToMiB(262144)).toBe(1024);
    expect(formatMiB(pagesToMiB(65536))).toBe('256 MiB');
    expect(formatMiB(pagesToMiB(1000))).toBe('3.9 MiB');
  });

  it('shows bytes in KiB below a MiB and in MiB above', () => {
    expect(formatBytes(2_752_512)).toBe('2.6 MiB');
    expect(formatBytes(319_488)).toBe('312 KiB');
    expect(formatBytes(0)).toBe('0.0 KiB');
  });

  it('converts quota KiB to GiB', () => {
    expect(kibToGiBText(10_485_760)).toBe('10.00 GiB');
  });

  it('has no percentage of an unlimited or zero barrier', () => {
    expect(percentOf(5, null)).toBeNull();
    expect(percentOf(5, 0)).toBeNull();
    expect(percentOf(3501, 402887)).toBeCloseTo(0.869, 2);
    expect(formatPercent(0.869)).toBe('0.9 %');
    expect(formatPercent(98.4)).toBe('98 %');
    expect(formatPercent(0.01)).toBe('<0.1 %');
  });

  it('says how long ago in minutes and hours', () => {
    const now = Date.UTC(2025, 0, 1, 12, 0, 0);
    expect(formatAge(new Date(now - 2000), now)).toBe('just now');
    expect(formatAge(new Date(now - 42_000), now)).toBe('42 s ago');
    expect(formatAge(new Date(now - 5 * 60_000), now)).toBe('5 min ago');
    expect(formatAge(new Date(now - 3 * 3600_000), now)).toBe('3 h ago');
    expect(formatAge(new Date(now - 72 * 3600_000), now)).toBe('3 days ago');
  });

  it('names poll intervals and stale lines in seconds, minutes or hours', () => {
    expect(formatInterval(3_000)).toBe('3 s');
    expect(formatInterval(90_000)).toBe('90 s');
    expect(formatInterval(600_000)).toBe('10 min');
    expect(formatInterval(3_600_000)).toBe('1 h');
    expect(formatInterval(5_400_000)).toBe('1 h 30 min');
  });
});
