import { describe, expect, it } from 'vitest';
import { createNodeModel } from '../../sim/world/model';
import { renderUserBeancounters } from '../../sim/render/beancounters';
import { parseBeancounters, type BeancounterBlock } from '../openvz/beancounters';
import { computeFailcntEvents } from '../openvz/formulas/failcnt-events';
import { diffObservedLimits } from '../openvz/limits/observe';
import { baselineOf, previousOver } from './beancounter-baseline';

const prev = parseBeancounters(renderUserBeancounters(createNodeModel({ seed: 11, index: 0, ctsPerNode: 12, generation: 'legacy' }))).blocks;

/** The next poll: every held moved; some failcnts grew, one was reset, one limit was raised, one became unlimited. */
function nextPoll(): BeancounterBlock[] {
  return prev.map((block, k) => ({
    ctId: block.ctId,
    beancounters: block.beancounters.map((bc, i) => {
      const row = { ...bc, held: bc.held + 1, maxheld: bc.maxheld + 2 };
      if (k === 1 && i === 2) return { ...row, failcnt: bc.failcnt + 5 };
      if (k === 2 && i === 0) return { ...row, failcnt: 0 };
      if (k === 3 && i === 4) return { ...row, limit: (bc.limit ?? 0) + 100 };
      if (k === 4 && i === 1) return { ...row, barrier: null, limit: null };
      return row;
    }),
  }));
}

describe('previousOver', () => {
  it('gives the failcnt events and limit changes the decoded previous poll gives', () => {
    const next = nextPoll();
    // The previous poll's failcnt of the reset row must be above 0 for a reset to show.
    prev[2]!.beancounters[0]!.failcnt = 7;
    const over = previousOver(baselineOf(prev), next)!;
    expect(over).not.toBeNull();
    const at = new Date('2026-12-04T00:00:00Z');
    const want = computeFailcntEvents(prev, next, at);
    expect(want.events.length).toBeGreaterThan(0);
    expect(want.resets.length).toBe(1);
    expect(computeFailcntEvents(over, next, at)).toEqual(want);
    prev.forEach((block, k) => {
      const wantDiff = diffObservedLimits({ ubc: block.beancounters }, { ubc: next[k]!.beancounters });
      expect(diffObservedLimits({ ubc: over[k]!.beancounters }, { ubc: next[k]!.beancounters }), `CT ${block.ctId}`).toEqual(wantDiff);
    });
    expect(over.flatMap((b) => b.beancounters.map((r) => [r.failcnt, r.barrier, r.limit]))).toEqual(prev.flatMap((b) => b.beancounters.map((r) => [r.failcnt, r.barrier, r.limit])));
  });

  it("uses the poll's own rows and blocks where nothing the baseline holds moved", () => {
    const next = nextPoll();
    const over = previousOver(baselineOf(prev), next)!;
    expect(over[0]).toBe(next[0]);
    expect(over[1]).not.toBe(next[1]);
    expect(over[1]!.beancounters[0]).toBe(next[1]!.beancounters[0]);
    expect(over[1]!.beancounters[2]).not.toBe(next[1]!.beancounters[2]);
  });

  it('gives null when the polls do not list the same rows in the same order', () => {
    const base = baselineOf(prev);
    const next = nextPoll();
    expect(previousOver(base, next.slice(1))).toBeNull();
    expect(previousOver(base, [next[1]!, next[0]!, ...next.slice(2)])).toBeNull();
    expect(previousOver(base, [{ ...next[0]!, beancounters: next[0]!.beancounters.slice(1) }, ...next.slice(1)])).toBeNull();
    const renamed = next.map((b) => ({ ...b, beancounters: b.beancounters.map((r) => ({ ...r })) }));
    renamed[3]!.beancounters[5]!.resource = 'numothersock';
    expect(previousOver(base, renamed)).toBeNull();
    expect(previousOver(baselineOf([]), [])).toEqual([]);
  });

  it("lends the previous baseline's lists when the rows are the same, and never its figures", () => {
    const first = baselineOf(prev);
    const next = nextPoll();
    const second = baselineOf(next, first);
    expect(second.resources).toBe(first.resources);
    expect(second.ctIds).toBe(first.ctIds);
    expect(second.figures).not.toBe(first.figures);
    // On V8's heap: a typed array's memory counts towards the 64 MB that start a full collection.
    expect(Array.isArray(second.figures)).toBe(true);
    expect(second).toEqual(baselineOf(next));
    // Another layout: its own lists, equal to a baseline built without a previous one.
    const fewer = next.slice(1);
    const third = baselineOf(fewer, second);
    expect(third.ctIds).not.toBe(second.ctIds);
    expect(third).toEqual(baselineOf(fewer));
    expect(previousOver(third, fewer)).not.toBeNull();
  });
});
