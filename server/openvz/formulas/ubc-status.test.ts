import { describe, it, expect } from 'vitest';
import { type Beancounter, parseBeancounters } from '../beancounters';
import { UBC_RESOURCES } from '../vzlist-fields';
import { VZUBC_QUIET_THRESHOLDS, computeUbcStatus, computeUbcStatuses, resourceLabel } from './ubc-status';
import { readSample } from '../test-support';

const rows = (name: string) => parseBeancounters(readSample(name)).blocks[0]!.beancounters;
const row = (list: Beancounter[], r: string) => list.find((b) => b.resource === r)!;

const gam = rows('proc_user_beancounters__inside_ct43120_vswap_failcnt__64bit_2.6.32__gam0022.txt');
const seed = rows('proc_user_beancounters__inside_ct5005__seed_article_2010_spacing_collapsed.txt');
const loadout = rows('proc_user_beancounters__inside_ct209_failcnt__64bit__loadout.txt');

describe('computeUbcStatus on captured rows', () => {
  it('CT 43120 numothersock: maxheld reached the barrier → near; its failcnt rising → at-limit', () => {
    const bc = row(gam, 'numothersock');
    expect(computeUbcStatus(bc)).toEqual({
      resource: 'numothersock', heldOfBarrier: 129 / 360, maxheldOfBarrier: 1, heldOfLimit: 129 / 360, failcntRose: false, level: 'near',
    });
    expect(computeUbcStatus(bc, { previousFailcnt: 60 })).toMatchObject({ failcntRose: true, level: 'at-limit' });
    expect(computeUbcStatus(bc, { previousFailcnt: 68 })).toMatchObject({ failcntRose: false, level: 'near' });
  });

  it('VSwap physpages (barrier 0) is measured against its limit, the RAM', () => {
    expect(computeUbcStatus(row(gam, 'physpages'))).toMatchObject({ heldOfBarrier: 263585 / 524288, level: 'ok' });
  });

  it('unlimited rows have no ratio and stay ok', () => {
    expect(computeUbcStatus(row(gam, 'kmemsize'))).toMatchObject({ heldOfBarrier: null, maxheldOfBarrier: null, heldOfLimit: null, level: 'ok' });
  });

  it('seed CT 5005 oomguarpages is above its guarantee (128 %) but that is not a wall: ok', () => {
    const s = computeUbcStatus(row(seed, 'oomguarpages'));
    expect(s.heldOfBarrier).toBeCloseTo(33338 / 26112, 12);
    expect(s.level).toBe('ok');
    expect(computeUbcStatus(row(seed, 'oomguarpages'), { previousFailcnt: 0 }).level).toBe('ok');
  });

  it('a cumulative failcnt with no previous value is history (CT 209 numothersock 524): ok; vzubc -q thresholds make it near', () => {
    const bc = row(loadout, 'numothersock');
    expect(computeUbcStatus(bc).level).toBe('ok');
    expect(computeUbcStatus(bc, { thresholds: VZUBC_QUIET_THRESHOLDS }).level).toBe('near');
  });

  it('held at or past the barrier is at-limit (dcachesize 9461297 over 8515584)', () => {
    const bc: Beancounter = { resource: 'dcachesize', held: 9461297, maxheld: 9461297, barrier: 8515584, limit: 9000000, failcnt: 0 };
    expect(computeUbcStatus(bc).level).toBe('at-limit');
  });

  it('a reset counter with new failures counts as a rise; a reset to 0 does not', () => {
    const bc = row(gam, 'numpty'); // failcnt 2
    expect(computeUbcStatus(bc, { previousFailcnt: 10 }).failcntRose).toBe(true);
    expect(computeUbcStatus({ ...bc, failcnt: 0 }, { previousFailcnt: 10 }).failcntRose).toBe(false);
  });

  it('computeUbcStatuses pairs rows with the previous poll by resource', () => {
    const before = gam.map((b) => (b.resource === 'tcpsndbuf' ? { ...b, failcnt: b.failcnt - 5 } : b));
    const s = computeUbcStatuses(gam, before);
    expect(s.filter((x) => x.level === 'at-limit').map((x) => x.resource)).toEqual(['tcpsndbuf']);
    expect(computeUbcStatuses(gam).every((x) => !x.failcntRose)).toBe(true);
  });
});

describe('resourceLabel', () => {
  it('names every known beancounter in plain words', () => {
    expect(resourceLabel('numproc')).toBe('processes');
    expect(resourceLabel('privvmpages')).toBe('allocated memory');
    expect(resourceLabel('physpages')).toBe('RAM');
    expect(resourceLabel('kmemsize')).toBe('kernel memory');
    expect(resourceLabel('numtcpsock')).toBe('TCP sockets');
    expect(resourceLabel('numfile')).toBe('open files');
    for (const [r] of UBC_RESOURCES) expect(resourceLabel(r)).not.toBe(r);
    expect(resourceLabel('newthing')).toBe('newthing');
  });
});
