import { describe, it, expect } from 'vitest';
import { parseProcVzquota, parseVzquota } from '../vzquota';
import { parseVzlist } from '../vzlist';
import { computeCtQuotaUse, computeQuotaUse } from './quota-usage';
import { readSample } from '../test-support';

const read = readSample;

describe('computeQuotaUse on captured quotas', () => {
  it('seed `vzquota show 5005`: 22 % of the soft disk limit, 26 % of the soft inode limit, no grace', () => {
    const q = computeCtQuotaUse(parseVzquota(read('vzquota_show_5005__running_warning__seed_article_2010.txt')));
    expect(q.blocks.ofSoft).toBeCloseTo(3305824 / 15048576, 12);
    expect(q.blocks.ofHard).toBeCloseTo(3305824 / 15153024, 12);
    expect(q.inodes.ofSoft).toBeCloseTo(154840 / 600000, 12);
    expect(q).toMatchObject({ overSoft: false, atHard: false });
    expect(q.blocks).toMatchObject({ grace: 'none', graceSecondsLeft: null });
  });

  it('/proc/vz/vzquota CT 111: 876364 of 1048576 KiB soft (83.6 %)', () => {
    const e = parseProcVzquota(read('proc_vz_vzquota__excerpt_ct111__legacy_2009__unxsvz.txt')).quotas[0]!;
    const q = computeCtQuotaUse(e, 1_700_000_000);
    expect((q.blocks.ofSoft! * 100).toFixed(1)).toBe('83.6');
    expect(q.inodes.ofHard).toBeCloseTo(29792 / 220000, 12);
    expect(q.blocks.grace).toBe('none');
  });

  it('vzlist diskspace/diskspace.h: a ploop CT uses a third of its image', () => {
    const row = parseVzlist(
      read('vzlist_-o_ctid,layout,status,diskspace,diskspace.h,diskinodes,diskinodes.h_-a__vzctl3.2dev_after__commit7ab85d9f.txt'),
    ).containers.find((c) => c.ctid === '300')!;
    const q = computeQuotaUse({ usage: row.diskspace as number, softlimit: null, hardlimit: row['diskspace.h'] as number });
    expect(q.ofSoft).toBeNull();
    expect(q.ofHard).toBeCloseTo(688092 / 2062160, 12);
  });
});

describe('computeQuotaUse states', () => {
  const base = { softlimit: 1000, hardlimit: 1100 };

  it('over soft with grace left, expired, and at hard', () => {
    expect(computeQuotaUse({ ...base, usage: 1050, grace: { kind: 'left', seconds: 3 * 86400 } })).toMatchObject({
      overSoft: true, atHard: false, grace: 'running', graceSecondsLeft: 259200,
    });
    expect(computeQuotaUse({ ...base, usage: 1050, grace: { kind: 'expired' } })).toMatchObject({ grace: 'expired', graceSecondsLeft: null });
    expect(computeQuotaUse({ ...base, usage: 1100, grace: { kind: 'expired' } })).toMatchObject({ atHard: true, ofHard: 1 });
    expect(computeQuotaUse({ ...base, usage: 1000 })).toMatchObject({ overSoft: false, ofSoft: 1 });
  });

  it('turns a deadline (batch `until`, /proc `time`) into time left, given the clock', () => {
    expect(computeQuotaUse({ ...base, usage: 1050, grace: { kind: 'until', epochSeconds: 1000 } }, 400)).toMatchObject({
      grace: 'running', graceSecondsLeft: 600,
    });
    expect(computeQuotaUse({ ...base, usage: 1050, time: 1000 }, 1000)).toMatchObject({ grace: 'expired' });
    expect(computeQuotaUse({ ...base, usage: 1050, time: 1000 })).toMatchObject({ grace: 'running', graceSecondsLeft: null });
  });

  it('null (LONG_MAX/INT_MAX) and 0 limits mean no limit', () => {
    expect(computeQuotaUse({ usage: 5, softlimit: null, hardlimit: 0 })).toEqual({
      usage: 5, ofSoft: null, ofHard: null, overSoft: false, atHard: false, grace: 'none', graceSecondsLeft: null,
    });
  });
});
