import { describe, it, expect } from 'vitest';
import { type BeancounterBlock, parseBeancounters } from '../beancounters';
import { computeFailcntEvents } from './failcnt-events';
import { readSample } from '../test-support';

const blocksOf = (name: string) => parseBeancounters(readSample(name)).blocks;

/** A real node-like snapshot: CT0 (scout), CT 43120 with failures (gam0022), CT 209 (loadout). */
const base: BeancounterBlock[] = [
  ...blocksOf('proc_user_beancounters__node_ct0_block__64bit__scout.txt'),
  ...blocksOf('proc_user_beancounters__inside_ct43120_vswap_failcnt__64bit_2.6.32__gam0022.txt'),
  ...blocksOf('proc_user_beancounters__inside_ct209_failcnt__64bit__loadout.txt'),
];

/** Deterministic PRNG (mulberry32) so the property test is reproducible. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bump = (blocks: BeancounterBlock[], f: (ctId: string, resource: string, failcnt: number) => number) =>
  blocks.map((b) => ({ ...b, beancounters: b.beancounters.map((bc) => ({ ...bc, failcnt: f(b.ctId, bc.resource, bc.failcnt) })) }));

const at = new Date('2024-01-01T00:00:00Z');

describe('computeFailcntEvents', () => {
  it('no previous snapshot: no events, even for the non-zero failcnts of the captures', () => {
    expect(computeFailcntEvents(null, base, at)).toEqual({ events: [], resets: [] });
    expect(computeFailcntEvents(base, base, at)).toEqual({ events: [], resets: [] });
  });

  it('reports each increase with the row it happened on (CT0 included)', () => {
    const next = bump(base, (ct, r, f) => (ct === '43120' && r === 'numothersock' ? f + 3 : ct === '0' && r === 'numfile' ? f + 1 : f));
    const { events, resets } = computeFailcntEvents(base, next, at);
    expect(resets).toEqual([]);
    expect(events).toEqual([
      { ctId: '0', resource: 'numfile', delta: 1, held: 5967, maxheld: 8144, barrier: null, limit: null, failcnt: 1, afterReset: false, at },
      { ctId: '43120', resource: 'numothersock', delta: 3, held: 129, maxheld: 360, barrier: 360, limit: 360, failcnt: 71, afterReset: false, at },
    ]);
  });

  it('a decrease (CT restarted) is a reset, never a negative event; failures since the restart still count', () => {
    const restarted = bump(base, (ct, r) => (ct === '43120' && r === 'numpty' ? 1 : ct === '43120' ? 0 : 0));
    const { events, resets } = computeFailcntEvents(base, restarted, at);
    expect(resets.map((r) => `${r.ctId}/${r.resource} ${r.previousFailcnt}→${r.failcnt}`)).toEqual([
      '43120/numpty 2→1', '43120/tcpsndbuf 127242887→0', '43120/numothersock 68→0', '209/numothersock 524→0',
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ctId: '43120', resource: 'numpty', delta: 1, afterReset: true });
    expect(events.every((e) => e.delta > 0)).toBe(true);
  });

  it('a CT (or a row) seen for the first time has no baseline and raises nothing', () => {
    const withoutCt = base.filter((b) => b.ctId !== '209');
    const next = bump(base, (_ct, _r, f) => f + 5);
    const ev = computeFailcntEvents(withoutCt, next, at).events;
    expect(ev.some((e) => e.ctId === '209')).toBe(false);
    const withoutRow = base.map((b) => ({ ...b, beancounters: b.beancounters.filter((bc) => bc.resource !== 'kmemsize') }));
    expect(computeFailcntEvents(withoutRow, next, at).events.some((e) => e.resource === 'kmemsize')).toBe(false);
  });

  it('property: over a run without resets, Σ delta per row equals final − first failcnt', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = rng(seed);
      let snap = base;
      const snapshots = [snap];
      for (let i = 0; i < 15; i++) {
        snap = bump(snap, (_ct, _r, f) => (rand() < 0.2 ? f + Math.floor(rand() * 1000) : f));
        snapshots.push(snap);
      }
      const sums = new Map<string, number>();
      for (let i = 1; i < snapshots.length; i++) {
        const { events, resets } = computeFailcntEvents(snapshots[i - 1]!, snapshots[i]!, at);
        expect(resets).toEqual([]);
        for (const e of events) sums.set(`${e.ctId}/${e.resource}`, (sums.get(`${e.ctId}/${e.resource}`) ?? 0) + e.delta);
      }
      const first = snapshots[0]!;
      const last = snapshots[snapshots.length - 1]!;
      last.forEach((block, bi) =>
        block.beancounters.forEach((bc, ri) => {
          const expected = bc.failcnt - first[bi]!.beancounters[ri]!.failcnt;
          expect(sums.get(`${block.ctId}/${bc.resource}`) ?? 0).toBe(expected);
        }),
      );
    }
  });
});
