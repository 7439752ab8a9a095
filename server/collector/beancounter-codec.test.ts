import { describe, expect, it } from 'vitest';
import { createNodeModel } from '../../sim/world/model';
import { renderUserBeancounters } from '../../sim/render/beancounters';
import { parseBeancounters, type BeancounterBlock } from '../openvz/beancounters';
import { BeancounterCodecError, decodeBeancounters, encodeBeancounters } from './beancounter-codec';
import { packBeancounters } from './packed-snapshot';

const simBlocks = parseBeancounters(renderUserBeancounters(createNodeModel({ seed: 5, index: 0, ctsPerNode: 30, generation: 'legacy' }))).blocks;
const edge: BeancounterBlock[] = [
  { ctId: '0', beancounters: [{ resource: 'kmemsize', held: 9007199254740991, maxheld: 0, barrier: null, limit: null, failcnt: 4294967296 }] },
  { ctId: '6b1c2f0e-5a1d-4c1e-9f3a-0d1e2f3a4b5c', beancounters: [] },
  { ctId: 'ид-101', beancounters: [{ resource: 'numproc', held: 1, maxheld: 2, barrier: 0, limit: null, failcnt: 0 }, { resource: 'numproc', held: 3, maxheld: 4, barrier: 5, limit: 6, failcnt: 7 }] },
];

describe('encodeBeancounters / decodeBeancounters', () => {
  it('gives back exactly what was stored: a simulated 30-CT node, unlimited values, 2^53-1, odd ids, empty and repeated rows', () => {
    expect(decodeBeancounters(encodeBeancounters(simBlocks))).toEqual(simBlocks);
    expect(decodeBeancounters(encodeBeancounters(edge))).toEqual(edge);
    expect(decodeBeancounters(encodeBeancounters([]))).toEqual([]);
  });

  it('reads bytes that do not start on an 8-byte boundary (as a driver may hand them over)', () => {
    const good = encodeBeancounters(edge);
    const shifted = Buffer.alloc(good.length + 3);
    good.copy(shifted, 3);
    expect(decodeBeancounters(shifted.subarray(3))).toEqual(edge);
  });

  it('reads back only the CTs asked for', () => {
    const wanted = new Set([simBlocks[3]!.ctId, 'ид-101', 'no-such-ct']);
    expect(decodeBeancounters(encodeBeancounters([...simBlocks, ...edge]), wanted)).toEqual([simBlocks[3], edge[2]]);
  });

  it('is smaller than the JSON it replaces', () => {
    // Not by much (numbers as f64): the gain is in not writing and parsing text on every poll.
    expect(encodeBeancounters(simBlocks).length).toBeLessThan(JSON.stringify(packBeancounters(simBlocks)).length * 1.6);
  });

  it('refuses bytes that are not its layout instead of returning part of a snapshot', () => {
    const good = encodeBeancounters(edge);
    const broken: [string, Uint8Array, RegExp][] = [
      ['empty', new Uint8Array(0), /cut off/],
      ['cut off', good.subarray(0, good.length - 3), /cut off/],
      ['trailing bytes', Buffer.concat([good, Buffer.from([0])]), /after the last row/],
      ['another version', Buffer.concat([Buffer.from([2]), good.subarray(1)]), /version 2/],
    ];
    const badName = Buffer.from(encodeBeancounters([{ ctId: '1', beancounters: [{ resource: 'x', held: 1, maxheld: 1, barrier: 1, limit: 1, failcnt: 0 }] }]));
    // The row's name index sits after version (1), one name (4 + 4 + 1), block count, id (4 + 1), row count, aligned to 4.
    badName.writeUInt32LE(7, 24);
    broken.push(['name index out of range', badName, /name index/]);
    for (const [what, bytes, reason] of broken) {
      expect(() => decodeBeancounters(bytes), what).toThrow(BeancounterCodecError);
      expect(() => decodeBeancounters(bytes), what).toThrow(reason);
    }
  });
});
