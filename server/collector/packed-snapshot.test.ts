import { describe, expect, it } from 'vitest';
import { parseBeancounters } from '../openvz/beancounters';
import { readSample } from '../openvz/test-support';
import { packBeancounters, packQuotas, unpackBeancounters, unpackQuotas } from './packed-snapshot';

describe('packed snapshot', () => {
  it('round-trips a real node beancounters file, unlimited values included, and stays small', () => {
    const blocks = parseBeancounters(readSample('proc_user_beancounters__node_ct0_block__64bit__scout.txt')).blocks;
    const packed = packBeancounters(blocks);
    const json = JSON.stringify(packed);
    expect(unpackBeancounters(JSON.parse(json))).toEqual(blocks);
    expect(blocks.some((b) => b.beancounters.some((r) => r.limit === null))).toBe(true);
    // Tuples: well under half the size of the same data as objects.
    expect(json.length).toBeLessThan(JSON.stringify(blocks).length / 2);
  });

  it('round-trips quotas with missing figures as null', () => {
    const cts = [
      { ctId: '101', quota: { blocksUsage: 10, blocksSoft: 20, blocksHard: 30, inodesUsage: 1, inodesSoft: 2, inodesHard: 3 } },
      { ctId: '102', quota: { blocksUsage: null, blocksSoft: null, blocksHard: null, inodesUsage: null, inodesSoft: null, inodesHard: null } },
    ];
    expect(unpackQuotas(JSON.parse(JSON.stringify(packQuotas(cts))))).toEqual(cts.map((c) => ({ ctId: c.ctId, ...c.quota })));
    expect(unpackBeancounters(null)).toEqual([]);
    expect(unpackQuotas(undefined)).toEqual([]);
  });
});
