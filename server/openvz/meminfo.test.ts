import { describe, it, expect } from 'vitest';
import { parseMeminfo } from './meminfo';
import { parseError } from './test-support';

// No capture in samples/: a typical RHEL6 /proc/meminfo head.
const MEMINFO = `MemTotal:       16330708 kB
MemFree:         1234567 kB
Buffers:          234000 kB
Cached:          8123456 kB
SwapCached:            0 kB
Active(anon):    3456789 kB
SwapTotal:       8388604 kB
SwapFree:        8388000 kB
HugePages_Total:       0
Hugepagesize:       2048 kB
`;

describe('parseMeminfo', () => {
  it('reads the totals vzmemcheck needs', () => {
    const r = parseMeminfo(MEMINFO);
    expect(r).toMatchObject({ memTotalKb: 16330708, memFreeKb: 1234567, swapTotalKb: 8388604, swapFreeKb: 8388000, lowTotalKb: null });
    expect(r.raw['Active(anon)']).toBe(3456789);
    expect(r.raw.HugePages_Total).toBe(0);
  });
  it('reads LowTotal on 32-bit kernels', () => {
    expect(parseMeminfo(`${MEMINFO}LowTotal:         890000 kB\n`).lowTotalKb).toBe(890000);
  });
  it('rejects malformed text, naming the line', () => {
    expect(parseError(() => parseMeminfo('')).lineNumber).toBe(0);
    expect(parseError(() => parseMeminfo(MEMINFO.replace('1234567', '12345x7'))).lineNumber).toBe(2);
    expect(parseError(() => parseMeminfo(MEMINFO.replace('Buffers:          234000 kB', 'Buffers:'))).lineNumber).toBe(3);
    expect(parseError(() => parseMeminfo(MEMINFO.replace(/\n/g, '\r\n'))).lineNumber).toBe(1);
    expect(parseError(() => parseMeminfo(MEMINFO.replace(/^MemTotal.*\n/, ''))).reason).toMatch(/MemTotal/);
    expect(parseError(() => parseMeminfo(MEMINFO.replace(/^SwapTotal.*\n/m, ''))).reason).toMatch(/SwapTotal/);
  });
});
