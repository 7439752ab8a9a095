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

  it('writes v2 (varints), well under half the size of the JSON it replaced', () => {
    const bytes = encodeBeancounters(simBlocks);
    expect(bytes[0]).toBe(2);
    const rows = simBlocks.reduce((n, b) => n + b.beancounters.length, 0);
    expect(bytes.length).toBeLessThan(JSON.stringify(packBeancounters(simBlocks)).length / 2);
    // v1 spent 44 bytes a row.
    expect(bytes.length / rows).toBeLessThan(20);
  });

  it('falls back to v1 (f64) for a figure a varint cannot hold, and reads it back exactly', () => {
    const odd: BeancounterBlock[] = [
      { ctId: '7', beancounters: [{ resource: 'numproc', held: -3, maxheld: 1.5, barrier: 2 ** 60, limit: null, failcnt: 0 }] },
      ...edge,
    ];
    const bytes = encodeBeancounters(odd);
    expect(bytes[0]).toBe(1);
    expect(decodeBeancounters(bytes)).toEqual(odd);
    expect(decodeBeancounters(bytes, new Set(['ид-101']))).toEqual([edge[2]]);
  });

  it('does not keep the scratch space: two encodings stay independent', () => {
    const a = encodeBeancounters(simBlocks);
    const copy = Buffer.from(a);
    encodeBeancounters(edge);
    expect(a.equals(copy)).toBe(true);
    // Kept for an interval per node: its own memory, not a view of a 64 kB scratch buffer.
    expect(a.buffer.byteLength).toBe(a.length);
  });

  it('refuses bytes that are not its layout instead of returning part of a snapshot', () => {
    const good = encodeBeancounters(edge);
    const broken: [string, Uint8Array, RegExp][] = [
      ['empty', new Uint8Array(0), /cut off/],
      ['cut off', good.subarray(0, good.length - 3), /cut off/],
      ['trailing bytes', Buffer.concat([good, Buffer.from([0])]), /after the last row/],
      ['another version', Buffer.concat([Buffer.from([3]), good.subarray(1)]), /version 3/],
    ];
    const one = encodeBeancounters([{ ctId: '1', beancounters: [{ resource: 'x', held: 1, maxheld: 1, barrier: 1, limit: 1, failcnt: 0 }] }]);
    // v2: version, 1 name (1, 1, "x"), 1 block (1, 1, "1", 1 row), then the row's name index at byte 8.
    expect([...one]).toEqual([2, 1, 1, 0x78, 1, 1, 0x31, 1, 0, 2, 2, 2, 2, 1]);
    const badName = Buffer.from(one);
    badName[8] = 7;
    broken.push(['name index out of range', badName, /name index/]);
    const runaway = Buffer.concat([one.subarray(0, 9), Buffer.alloc(9, 0xff), Buffer.from([1])]);
    broken.push(['a number past 8 bytes', runaway, /past 8 bytes/]);
    const noHeld = Buffer.from(one);
    noHeld[9] = 0;
    broken.push(['held missing', noHeld, /no held/]);
    const fixed = encodeBeancounters([{ ctId: '1', beancounters: [{ resource: 'x', held: 0.5, maxheld: 1, barrier: 1, limit: 1, failcnt: 0 }] }]);
    broken.push(['v1 cut off', fixed.subarray(0, fixed.length - 3), /cut off/]);
    broken.push(['v1 trailing bytes', Buffer.concat([fixed, Buffer.from([0])]), /after the last row/]);
    for (const [what, bytes, reason] of broken) {
      expect(() => decodeBeancounters(bytes), what).toThrow(BeancounterCodecError);
      expect(() => decodeBeancounters(bytes), what).toThrow(reason);
    }
  });
});
