import { describe, expect, it } from 'vitest';
import { createNodeModel } from '../../sim/world/model';
import { renderUserBeancounters } from '../../sim/render/beancounters';
import { parseBeancounters, type BeancounterBlock } from '../openvz/beancounters';
import { computeFailcntEvents } from '../openvz/formulas/failcnt-events';
import { diffObservedLimits } from '../openvz/limits/observe';
import { BeancounterCodecError, decodeBeancounters, encodeBeancounters, previousOverPacked } from './beancounter-codec';
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

/** The next poll: every held moved; some failcnts grew, one was reset, one limit was raised, one became unlimited. */
function nextPoll(prev: readonly BeancounterBlock[]): BeancounterBlock[] {
  return prev.map((block, k) => ({
    ctId: block.ctId,
    beancounters: block.beancounters.map((bc, i) => {
      const row = { ...bc, held: bc.held + 1, maxheld: bc.maxheld + 2 };
      if (k === 1 && i === 2) return { ...row, failcnt: bc.failcnt + 5 };
      if (k === 2 && i === 0) return { ...row, failcnt: 0 };
      if (k === 3 && i === 4) return { ...row, limit: (bc.limit ?? 0) + 100 };
      if (k === 4 && i === 1) return { ...row, barrier: null, limit: null };
      if (k === 5 && i === 3) return { ...row, barrier: 12345, limit: 23456 };
      return row;
    }),
  }));
}

describe('previousOverPacked', () => {
  const prev = parseBeancounters(renderUserBeancounters(createNodeModel({ seed: 11, index: 0, ctsPerNode: 12, generation: 'legacy' }))).blocks;
  // The previous poll's failcnt of the reset row must be above 0 for a reset to show; CT 5's row 3 unlimited before.
  prev[2]!.beancounters[0]!.failcnt = 7;
  prev[5]!.beancounters[3] = { ...prev[5]!.beancounters[3]!, barrier: null, limit: null };

  it('gives the failcnt events and limit changes the decoded previous poll gives', () => {
    const next = nextPoll(prev);
    const over = previousOverPacked(encodeBeancounters(prev), next)!;
    expect(over).not.toBeNull();
    const at = new Date('2026-12-04T00:00:00Z');
    const want = computeFailcntEvents(prev, next, at);
    expect(want.events.length).toBeGreaterThan(0);
    expect(want.resets.length).toBe(1);
    expect(computeFailcntEvents(over, next, at)).toEqual(want);
    let changes = 0;
    prev.forEach((block, k) => {
      const wantDiff = diffObservedLimits({ ubc: block.beancounters }, { ubc: next[k]!.beancounters });
      changes += wantDiff.length;
      expect(diffObservedLimits({ ubc: over[k]!.beancounters }, { ubc: next[k]!.beancounters }), `CT ${block.ctId}`).toEqual(wantDiff);
    });
    expect(changes).toBe(3);
    const figures = (blocks: readonly BeancounterBlock[]) => blocks.flatMap((b) => b.beancounters.map((r) => [r.resource, r.failcnt, r.barrier, r.limit]));
    expect(figures(over)).toEqual(figures(prev));
  });

  it("uses the poll's own rows and blocks where nothing it compares moved", () => {
    const next = nextPoll(prev);
    const over = previousOverPacked(encodeBeancounters(prev), next)!;
    expect(over[0]).toBe(next[0]);
    expect(over[1]).not.toBe(next[1]);
    expect(over[1]!.beancounters[0]).toBe(next[1]!.beancounters[0]);
    expect(over[1]!.beancounters[2]).not.toBe(next[1]!.beancounters[2]);
    expect(over[1]!.beancounters[2]).toEqual({ ...next[1]!.beancounters[2], failcnt: prev[1]!.beancounters[2]!.failcnt });
  });

  it('reads the edge values (2^53-1, unlimited, ids outside ASCII go the careful way)', () => {
    const ascii = edge.filter((b) => /^[\x20-\x7e]*$/.test(b.ctId));
    expect(previousOverPacked(encodeBeancounters(ascii), ascii)).toEqual(ascii);
    expect(previousOverPacked(encodeBeancounters(edge), edge)).toBeNull();
    expect(previousOverPacked(encodeBeancounters([]), [])).toEqual([]);
  });

  it('gives null when the bytes do not list the same rows in the same order, or are not v2', () => {
    const bytes = encodeBeancounters(prev);
    const next = nextPoll(prev);
    expect(previousOverPacked(bytes, next.slice(1))).toBeNull();
    expect(previousOverPacked(bytes, [next[1]!, next[0]!, ...next.slice(2)])).toBeNull();
    expect(previousOverPacked(bytes, [{ ...next[0]!, beancounters: next[0]!.beancounters.slice(1) }, ...next.slice(1)])).toBeNull();
    const renamed = next.map((b) => ({ ...b, beancounters: b.beancounters.map((r) => ({ ...r })) }));
    renamed[3]!.beancounters[5]!.resource = 'numothersock';
    expect(previousOverPacked(bytes, renamed)).toBeNull();
    const reid = next.map((b, k) => (k === 4 ? { ...b, ctId: `${b.ctId}0` } : b));
    expect(previousOverPacked(bytes, reid)).toBeNull();
    const fixed = encodeBeancounters([{ ctId: '1', beancounters: [{ resource: 'x', held: 0.5, maxheld: 1, barrier: 1, limit: 1, failcnt: 0 }] }]);
    expect(fixed[0]).toBe(1);
    expect(previousOverPacked(fixed, [{ ctId: '1', beancounters: [{ resource: 'x', held: 1, maxheld: 1, barrier: 1, limit: 1, failcnt: 0 }] }])).toBeNull();
  });

  it('gives null, never throws or half-reads, on bytes cut short, lengthened or corrupted', () => {
    const bytes = encodeBeancounters(prev);
    const next = nextPoll(prev);
    expect(previousOverPacked(bytes.subarray(0, bytes.length - 1), next)).toBeNull();
    expect(previousOverPacked(Buffer.concat([bytes, Buffer.from([0])]), next)).toBeNull();
    expect(previousOverPacked(new Uint8Array(0), next)).toBeNull();
    // Every single-byte corruption either reads as the same rows (then it is what decode reads too) or gives null.
    let nulls = 0;
    for (let at = 0; at < bytes.length; at += 7) {
      const bad = Buffer.from(bytes);
      bad[at] = bad[at]! ^ 0x41;
      const over = previousOverPacked(bad, next);
      if (over === null) nulls++;
      else expect(over.flatMap((b) => b.beancounters.map((r) => [r.failcnt, r.barrier, r.limit]))).toEqual(decodeBeancounters(bad).flatMap((b) => b.beancounters.map((r) => [r.failcnt, r.barrier, r.limit])));
    }
    expect(nulls).toBeGreaterThan(0);
  });
});
