import { describe, expect, it } from 'vitest';
import type { ContainerRecord, NodeSnapshot } from '../collector/interpret';
import { parseBeancounters } from '../openvz/beancounters';
import { computeNodeMemoryCommitment, computeNodeMemoryTotals } from '../openvz/formulas';
import { readSample } from '../openvz/test-support';
import { ctDerivedKey, ctSeriesKey, parseSeriesKey } from '../../vocabulary/series-key';
import { spawnSync } from 'node:child_process';
import { computeHistoryDerived, flatKey, snapshotSeries, SeriesKeyCache } from './series';

const sampleText = readSample('proc_bc_resources__node_5cts_vswap__64bit_2.6.32__bitstat.txt');

const quota0 = { blocksUsage: null, blocksSoft: null, blocksHard: null, inodesUsage: null, inodesSoft: null, inodesHard: null };
function ct(ctId: string, status: string, extra: Partial<ContainerRecord> = {}): ContainerRecord {
  return { ctId, status, hostname: null, osTemplate: null, ips: [], cpuunits: 1000, cpulimit: null, quota: quota0, ...extra };
}

function snapshot(): NodeSnapshot {
  const beancounters = parseBeancounters(sampleText).blocks;
  const ids = beancounters.map((b) => b.ctId);
  return {
    beancounters,
    containers: ids.map((id, i) =>
      ct(id, i === ids.length - 1 ? 'stopped' : 'running', i === 0 ? { quota: { ...quota0, blocksUsage: 500, blocksSoft: 0, blocksHard: 1000, inodesUsage: 20, inodesSoft: 30, inodesHard: 40 } } : {}),
    ),
    cpu: { containers: null, currentUtilization: 3000, nodePower: 12000, overcommitted: false },
    memory: { memTotalKb: 16 * 2 ** 20, swapTotalKb: 8 * 2 ** 20, lowTotalKb: null },
    problems: [],
  };
}

describe('snapshotSeries', () => {
  const snap = snapshot();
  const series = snapshotSeries(snap);
  const byKey = new Map(series.map((s) => [s.key, s]));
  const [first, last] = [snap.beancounters[0]!.ctId, snap.beancounters[snap.beancounters.length - 1]!.ctId];

  it('gives every key once, each following the key grammar', () => {
    expect(byKey.size).toBe(series.length);
    expect(series.length).toBeGreaterThan(100);
    for (const s of series) expect(parseSeriesKey(s.key), s.key).not.toBeNull();
  });

  it('keeps held of every beancounter with its barrier and limit, unlimited as Infinity', () => {
    expect(first).toBe('1043');
    expect(byKey.get('ct/1043/physpages')).toEqual({ key: 'ct/1043/physpages', value: 6857, barrier: 786432, limit: 786432 });
    expect(byKey.get('ct/1043/kmemsize')).toMatchObject({ value: 5787331, barrier: Infinity, limit: Infinity });
    expect(byKey.get('ct/1043/swappages')).toMatchObject({ value: 0, barrier: 0, limit: 262144 });
    const rows = snap.beancounters.reduce((n, b) => n + b.beancounters.length, 0);
    expect(series.filter((s) => parseSeriesKey(s.key)?.kind === 'ct')).toHaveLength(rows);
  });

  it('computes the node figures over running CTs only, as vzmemcheck does', () => {
    const totals = computeNodeMemoryTotals(snap.memory!);
    const running = new Set(snap.containers.filter((c) => c.status === 'running').map((c) => c.ctId));
    const expected = computeNodeMemoryCommitment(snap.beancounters, totals, running).summary;
    const everyone = computeNodeMemoryCommitment(snap.beancounters, totals).summary;
    expect(byKey.get('node/ramUtil')!.value).toBe(expected.ramUtil);
    expect(byKey.get('node/ramUtil')!.value).not.toBe(everyone.ramUtil);
    expect(byKey.get('node/allocUtil')!.value).toBe(expected.allocUtil);
    expect(byKey.get('node/memswapCommit')!.value).toBe(expected.memswapCommit);
    expect(byKey.get('node/lowmemUtil')!.value).toBe(expected.lowmemUtil);
    expect(byKey.get('node/runningCts')!.value).toBe(snap.containers.length - 1);
    expect(byKey.get('node/cpuCommitted')!.value).toBe(0.25);
    const failcnt = snap.beancounters.flatMap((b) => b.beancounters).reduce((n, b) => n + b.failcnt, 0);
    expect(byKey.get('node/failcnt')!.value).toBe(failcnt);
    expect(byKey.get('node/ramUtil')).toMatchObject({ barrier: NaN, limit: NaN });
  });

  it('adds per-CT derived figures: alloc commit (NaN when unlimited), CPU guarantee, disk quota use', () => {
    expect(byKey.get('ct/1043/@allocCommit')!.value).toBeNaN(); // vmguarpages unlimited on VSwap
    expect(byKey.has(`ct/${last}/@allocCommit`)).toBe(false); // stopped
    expect(byKey.get('ct/1043/@cpuGuarantee')!.value).toBeCloseTo(1000 / 12000, 12);
    expect(byKey.get('ct/1043/@diskspace')).toMatchObject({ value: 500, barrier: Infinity, limit: 1000 });
    expect(byKey.get('ct/1043/@diskinodes')).toMatchObject({ value: 20, barrier: 30, limit: 40 });
    expect(byKey.has(`ct/${last}/@diskspace`)).toBe(false);
  });

  it('leaves out what a degraded poll lacks (no meminfo, no vzcpucheck)', () => {
    const keys = snapshotSeries({ ...snap, memory: null, cpu: null }).map((s) => s.key);
    expect(keys.filter((k) => /@allocCommit|@cpuGuarantee|node\/(ramUtil|cpuCommitted)/.test(k))).toEqual([]);
    expect(keys).toContain('ct/1043/physpages');
    expect(keys).toContain('node/failcnt');
  });

  it('accepts derived figures computed elsewhere', () => {
    const derived = computeHistoryDerived(snap, { nodeCpus: 8 });
    expect(snapshotSeries(snap, derived)).toEqual(series);
  });
});

describe('parseSeriesKey', () => {
  it('splits keys by the grammar', () => {
    expect(parseSeriesKey('ct/101/privvmpages')).toEqual({ kind: 'ct', ctId: '101', resource: 'privvmpages' });
    expect(parseSeriesKey('ct/4a2a1b51-6c7d-4e8f-9a0b-1c2d3e4f5a6b/numproc')).toMatchObject({ kind: 'ct', resource: 'numproc' });
    expect(parseSeriesKey('ct/101/@allocCommit')).toEqual({ kind: 'ct-derived', ctId: '101', figure: 'allocCommit' });
    expect(parseSeriesKey('node/allocCommit')).toEqual({ kind: 'node', figure: 'allocCommit' });
  });

  it('rejects what is not a key', () => {
    for (const k of ['ct/101', 'ct//numproc', 'ct/101/@nope', 'node/nope', 'ct/101/Numproc', 'ct/1 01/numproc', 'vm/1/x', '']) {
      expect(parseSeriesKey(k), k).toBeNull();
    }
  });
});

describe('SeriesKeyCache', () => {
  it('hands out the key it built before, and forgets CTs the last poll did not ask about', () => {
    const cache = new SeriesKeyCache();
    const first = cache.ct('101', 'kmemsize');
    cache.sweep();
    // The very same string object is not observable in JS; a second cache's key is equal but built anew.
    expect(cache.ct('101', 'kmemsize')).toBe(first);
    expect(first).toBe(ctSeriesKey('101', 'kmemsize'));
    cache.sweep();
    expect(cache.size).toBe(1);
    // 40 more CTs in one poll, then polls that list only CT 101: the rest go at the next sweep.
    cache.ct('101', 'kmemsize');
    for (let i = 0; i < 40; i++) cache.ct(String(200 + i), 'numproc');
    cache.sweep();
    expect(cache.size).toBe(41);
    cache.ct('101', 'kmemsize');
    cache.sweep();
    expect(cache.size).toBe(1);
  });

  it('gives the right key whatever the order, when a poll lists its series in another order or adds some', () => {
    const cache = new SeriesKeyCache();
    const series = ['101', '102', '103'].flatMap((ct) => ['kmemsize', 'numproc', 'physpages'].map((r) => [ct, r] as const));
    const ask = (list: (readonly [string, string])[]) => {
      const got = list.map(([ct, r]) => cache.ct(ct, r));
      cache.sweep();
      return got;
    };
    const expected = (list: (readonly [string, string])[]) => list.map(([ct, r]) => ctSeriesKey(ct, r));
    expect(ask(series)).toEqual(expected(series));
    const reversed = [...series].reverse();
    expect(ask(reversed)).toEqual(expected(reversed));
    const more = [...series.slice(0, 4), ['104', 'kmemsize'] as const, ...series.slice(4)];
    expect(ask(more)).toEqual(expected(more));
    expect(ask(series.slice(3))).toEqual(expected(series.slice(3)));
    expect(cache.derived('101', 'diskspace')).toBe(ctDerivedKey('101', 'diskspace'));
  });
});

describe('flatKey', () => {
  it('gives the cache a flat copy of each key it builds, not a cons string', () => {
    // A string's representation is V8's business, visible only to its natives: asked in a child.
    const code = `
      const { SeriesKeyCache } = await import(${JSON.stringify(new URL('./series.ts', import.meta.url).href)});
      const cache = new SeriesKeyCache();
      const id = String(100 + Math.floor(Math.random() * 900));
      for (const s of ['ct/' + id + '/kmemsize', cache.ct(id, 'kmemsize'), cache.derived(id, 'diskspace')]) %DebugPrint(s);
    `;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    const types = [...r.stdout.matchAll(/^ - type: (\w+)$/gm)].map((m) => m[1]);
    expect(types).toEqual(['CONS_ONE_BYTE_STRING_TYPE', 'ONE_BYTE_STRING_TYPE', 'ONE_BYTE_STRING_TYPE']);
    expect(flatKey('ct/101/numproc')).toBe('ct/101/numproc');
  });
});
