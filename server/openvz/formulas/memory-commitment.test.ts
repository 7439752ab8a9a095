import { describe, it, expect } from 'vitest';
import type { Beancounter, BeancounterBlock } from '../beancounters';
import { parseBeancounters } from '../beancounters';
import { type CtConf, parseCtConf } from '../ct-conf';
import { parseVzmemcheck } from '../vzmemcheck';
import { readSample } from '../test-support';
import {
  type ContainerMemoryRow,
  MEMORY_COLUMNS,
  computeContainerMemory,
  computeNodeMemoryCommitment,
  computeNodeMemoryTotals,
  summarizeMemoryCommitment,
  toVzmemcheckUnits,
} from './memory-commitment';

const read = readSample;
const MiB = 2 ** 20;
const INT_MAX = 2147483647;

const bc = (resource: string, held: number, barrier: number | null, limit: number | null): Beancounter => ({
  resource, held, maxheld: held, barrier, limit, failcnt: 0,
});

/** A CT's beancounters from its config limits; held values from `held` (default 0). */
function fromConf(conf: CtConf, held: Record<string, number> = {}): Beancounter[] {
  return Object.entries(conf.limits)
    .filter(([r]) => r !== 'diskspace' && r !== 'diskinodes' && r !== 'avnumproc')
    .map(([r, p]) => bc(r, held[r] ?? 0, p.barrier, p.limit));
}

const mb2 = (bytes: number | null) => (bytes === null ? null : (bytes / MiB).toFixed(2));

describe('computeNodeMemoryTotals', () => {
  it('reproduces the vz_tools -A denominators line (LowMem 1464, RAM 7981, RAM+Swap 23983 MB)', () => {
    const printed = parseVzmemcheck(read('vzmemcheck_-v_-A__vzctl3.0.x__vztools.txt')).totalsMb!;
    // A 32-bit node: LowTotal present (3660 MB), MemTotal 7981 MB, SwapTotal 16002 MB.
    const t = computeNodeMemoryTotals({ memTotalKb: 7981 * 1024, swapTotalKb: 16002 * 1024, lowTotalKb: 3660 * 1024 });
    expect((t.lowMemBytes / MiB).toFixed(2)).toBe(printed.lowmemUtil.toFixed(2));
    expect((t.ramBytes / MiB).toFixed(2)).toBe(printed.ramUtil.toFixed(2));
    expect((t.ramSwapBytes / MiB).toFixed(2)).toBe(printed.allocLimit.toFixed(2));
  });

  it('uses MemTotal when there is no LowTotal (64-bit), truncates 40 % to bytes, and takes a missing swap as 1 byte', () => {
    expect(computeNodeMemoryTotals({ memTotalKb: 1048576, swapTotalKb: null })).toEqual({
      ramBytes: 2 ** 30, swapBytes: 1, lowMemBytes: 429496729, ramSwapBytes: 2 ** 30 + 1,
    });
  });
});

describe('computeContainerMemory against the tool output', () => {
  // Old stock ve-vps.basic (vzctl 3.0.x), the limits docs/openvz/FORMULAS.md §2 quotes for CT 999.
  const stockVpsBasic = parseCtConf(
    [
      'VMGUARPAGES="6144:2147483647"', 'KMEMSIZE="2752512:2936012"', 'TCPSNDBUF="319488:524288"',
      'TCPRCVBUF="319488:524288"', 'OTHERSOCKBUF="132096:336896"', 'DGRAMRCVBUF="132096:132096"',
      'OOMGUARPAGES="6144:2147483647"', 'PRIVVMPAGES="24576:24576"', 'NUMPROC="65:65"', 'NUMTCPSOCK="80:80"',
      'NUMOTHERSOCK="80:80"', 'NUMFILE="2048:2048"', 'NUMPTY="16:16"', 'DCACHESIZE="1048576:1097728"',
      'PHYSPAGES="0:2147483647"',
    ].join('\n'),
  );
  const totals = computeNodeMemoryTotals({ memTotalKb: 7981 * 1024, swapTotalKb: 16002 * 1024, lowTotalKb: 3660 * 1024 });
  const printed = parseVzmemcheck(read('vzmemcheck_-v_-A__vzctl3.0.x__vztools.txt'));
  const ct999 = printed.containers.find((c) => c.ctId === '999')!;

  it('CT 999 (stock ve-vps.basic): LowMem commit 4.25, MemSwap commit 28.25, Alloc commit 28.25 MB', () => {
    const m = computeContainerMemory(fromConf(stockVpsBasic), totals);
    expect(mb2(m.bytes.lowmemCommit)).toBe('4.25');
    expect(mb2(m.bytes.memswapCommit)).toBe('28.25');
    expect(mb2(m.bytes.allocCommit)).toBe('28.25');
    expect(ct999).toMatchObject({ lowmemCommit: 4.25, memswapCommit: 28.25, allocCommit: 28.25 });
    // Its Alloc limit 100.25 MB means privvmpages.limit was 24576 pages (96 MB), not stock 53575.
    expect(mb2(m.bytes.allocLimit)).toBe(ct999.allocLimit.toFixed(2));
    expect(m.unlimited).toEqual([]);
  });

  it('the ve-basic.conf-sample in samples/ is a different (newer) config: 21.51 / 123.51 / 153.51 / 293.51 MB', () => {
    const m = computeContainerMemory(fromConf(parseCtConf(read('ctid_conf__vzctl_sample_ve-basic_ubc__body.txt'))), totals);
    // net_lim = 14790164 + 2703360 + 2703360 + 262144 + 2097152 = 22556180 bytes
    expect(m.bytes.lowmemCommit).toBe(22556180);
    expect(mb2(m.bytes.memswapCommit)).toBe('123.51'); // oomguarpages 26112 pages = 102 MB
    expect(mb2(m.bytes.allocCommit)).toBe('153.51'); // vmguarpages 33792 pages = 132 MB
    expect(mb2(m.bytes.allocLimit)).toBe('293.51'); // privvmpages.limit 69632 pages = 272 MB
    expect(m.lowmemCommit).toBe(22556180 / totals.lowMemBytes); // a fraction of LowMem, not a percent
  });

  it('an INT_MAX privvmpages limit explains CT 410 (LowMem commit 73.02 → Alloc limit 8388681.02 MB) in tool mode only', () => {
    const ct410 = printed.containers.find((c) => c.ctId === '410')!;
    const netLim = Math.round(73.024 * MiB); // a net_lim that prints as 73.02
    const cts = [bc('kmemsize', 0, null, netLim), bc('tcpsndbuf', 0, 0, 0), bc('tcprcvbuf', 0, 0, 0),
      bc('othersockbuf', 0, 0, 0), bc('dgramrcvbuf', 0, 0, 0), bc('privvmpages', 0, null, null),
      bc('oomguarpages', 0, 0, null), bc('vmguarpages', 0, 0, null), bc('physpages', 0, 0, null),
      ...['numproc', 'numtcpsock', 'numothersock', 'numfile', 'dcachesize', 'numpty'].map((r) => bc(r, 0, 0, 0))];
    const ours = computeContainerMemory(cts, totals);
    expect(ours).toMatchObject({ allocLimit: null, allocLimitUnlimited: true, unlimited: ['allocLimit'] });
    const tool = computeContainerMemory(cts, totals, { unlimitedAs: INT_MAX });
    expect(mb2(tool.bytes.lowmemCommit)).toBe(ct410.lowmemCommit.toFixed(2));
    expect(mb2(tool.bytes.allocLimit)).toBe(ct410.allocLimit.toFixed(2));
    // CT 401's 3906323.02 is a finite limit of 10^9 pages: 3906250 MB + its 73.02 MB net_lim.
    const ct401 = cts.map((b) => (b.resource === 'privvmpages' ? { ...b, limit: 1e9 } : b));
    expect(mb2(computeContainerMemory(ct401, totals).bytes.allocLimit)).toBe('3906323.02');
  });

  it('the Summary line is the plain sum of the rows (vz_tools -A and seed ovz07 %)', () => {
    const asRows = (rows: typeof printed.containers): ContainerMemoryRow[] =>
      rows.map((r) => ({ ...r, bytes: { ...r }, missing: [], unlimited: [], allocLimitUnlimited: false }));
    for (const file of ['vzmemcheck_-v_-A__vzctl3.0.x__vztools.txt', 'vzmemcheck_-v__node_ovz07_32cts__seed_article_2010.txt']) {
      const p = parseVzmemcheck(read(file));
      const sum = summarizeMemoryCommitment(asRows(p.containers));
      for (const c of MEMORY_COLUMNS) expect(Math.abs(sum[c] - p.summary[c])).toBeLessThanOrEqual(p.containers.length * 0.005 + 1e-9);
    }
  });

  it('seed CT 5005 (its 5005.conf): one RAM+Swap reproduces MemSwap commit 1.99, Alloc commit 12.46, Alloc limit 16.11 %', () => {
    const conf = parseCtConf(read('ctid_conf__5005.conf__seed_article_2010.txt'));
    const row = parseVzmemcheck(read('vzmemcheck_-v__node_ovz07_32cts__seed_article_2010.txt')).containers.find((c) => c.ctId === '5005')!;
    const m = computeContainerMemory(fromConf(conf), computeNodeMemoryTotals({ memTotalKb: 1, swapTotalKb: 0 }));
    // Each printed x.xx % bounds RAM+Swap to bytes / [x.xx ± 0.005] %; the bounds must overlap.
    const bounds = (['memswapCommit', 'allocCommit', 'allocLimit'] as const).map((c) => [
      (m.bytes[c]! * 100) / (row[c] + 0.005), (m.bytes[c]! * 100) / (row[c] - 0.005)] as const);
    const lo = Math.max(...bounds.map((b) => b[0]));
    const hi = Math.min(...bounds.map((b) => b[1]));
    expect(lo).toBeLessThan(hi);
    expect(lo / 2 ** 30).toBeCloseTo(6.37, 1); // about 6.4 GiB of RAM+Swap on ovz07
    const node = computeNodeMemoryTotals({ memTotalKb: 1, swapTotalKb: (lo + hi) / 2 / 1024 - 1 });
    const again = toVzmemcheckUnits(computeContainerMemory(fromConf(conf), node), 'percent');
    for (const c of ['memswapCommit', 'allocCommit', 'allocLimit'] as const) expect(again[c]!.toFixed(2)).toBe(row[c].toFixed(2));
  });
});

describe('computeNodeMemoryCommitment on a hand-built node', () => {
  // 1 GiB RAM, 1 GiB swap, 64-bit (LowMem = 40 % of RAM = 429496729 bytes).
  const totals = computeNodeMemoryTotals({ memTotalKb: 1048576, swapTotalKb: 1048576 });
  const ct = (privvmLimit: number | null): Beancounter[] => [
    bc('kmemsize', MiB, 2 * MiB, 4 * MiB), bc('tcpsndbuf', 0, MiB, MiB), bc('tcprcvbuf', 0, MiB, MiB),
    bc('othersockbuf', 0, MiB, MiB), bc('dgramrcvbuf', 0, MiB, MiB),
    bc('physpages', 25600, 0, null), bc('oomguarpages', 25600, 65536, null), bc('vmguarpages', 0, 65536, null),
    bc('privvmpages', 51200, privvmLimit, privvmLimit),
    ...['numproc', 'numtcpsock', 'numothersock', 'numfile', 'dcachesize', 'numpty'].map((r) => bc(r, 1, 100, 100)),
  ];
  const blocks: BeancounterBlock[] = [
    { ctId: '0', beancounters: ct(null) },
    { ctId: '101', beancounters: ct(131072) },
    { ctId: '102', beancounters: ct(null) },
    { ctId: '103', beancounters: ct(131072) },
    { ctId: '104', beancounters: ct(131072).filter((b) => b.resource !== 'numpty') },
  ];
  const r = computeNodeMemoryCommitment(blocks, totals, new Set(['0', '101', '102', '104']));

  it('skips CT0 and stopped CTs', () => {
    expect(r.containers.map((c) => c.ctId)).toEqual(['101', '102', '104']);
  });

  it('computes the eight columns by hand: net_held 1 MiB, net_lim 8 MiB', () => {
    const c101 = r.containers[0]!;
    expect(c101.bytes).toEqual({
      lowmemUtil: MiB, lowmemCommit: 8 * MiB, ramUtil: 101 * MiB, memswapUtil: 101 * MiB,
      memswapCommit: 264 * MiB, allocUtil: 201 * MiB, allocCommit: 264 * MiB, allocLimit: 520 * MiB,
    });
    expect(c101.lowmemUtil).toBeCloseTo(MiB / 429496729, 12);
    expect(c101.lowmemCommit).toBeCloseTo((8 * MiB) / 429496729, 12);
    expect(c101.ramUtil).toBeCloseTo(101 / 1024, 12);
    expect(c101.memswapCommit).toBeCloseTo(264 / 2048, 12);
    expect(c101.allocLimit).toBeCloseTo(520 / 2048, 12);
  });

  it('an unlimited privvmpages limit is flagged and left out of the sum; a CT lacking a row contributes zeros', () => {
    const [, c102, c104] = r.containers;
    expect(c102).toMatchObject({ allocLimit: null, allocLimitUnlimited: true, unlimited: ['allocLimit'] });
    expect(c102!.bytes.allocLimit).toBeNull();
    expect(c104).toMatchObject({ missing: ['numpty'], ramUtil: 0, allocLimit: 0 });
    expect(r.summary.ramUtil).toBeCloseTo(202 / 1024, 12);
    expect(r.summary.allocLimit).toBeCloseTo(520 / 2048, 12);
    expect(r.summary.bytes.allocLimit).toBe(520 * MiB);
    expect(r.summary.excluded).toEqual({ lowmemCommit: [], memswapCommit: [], allocCommit: [], allocLimit: ['102'] });
  });

  it('tool mode (unlimitedAs) sums everything, as vzmemcheck prints it', () => {
    const t = computeNodeMemoryCommitment(blocks, totals, new Set(['101', '102']), { unlimitedAs: INT_MAX });
    expect(t.containers[1]!.bytes.allocLimit).toBe(INT_MAX * 4096 + 8 * MiB);
    expect(t.containers[1]!.allocLimitUnlimited).toBe(true);
    expect(t.summary.excluded.allocLimit).toEqual([]);
    expect(t.summary.bytes.allocLimit).toBe(520 * MiB + INT_MAX * 4096 + 8 * MiB);
    expect(toVzmemcheckUnits(t.summary, 'mbytes').allocLimit).toBeCloseTo(520 + 8388608 + 8 - 1 / 256, 6);
  });

  it('works on a real CT0-only capture (CT0 skipped → empty) and on unlimited-everything CTs', () => {
    const node = parseBeancounters(read('proc_user_beancounters__node_ct0_block__64bit__scout.txt'));
    expect(computeNodeMemoryCommitment(node.blocks, totals).containers).toEqual([]);
    const ct7 = parseBeancounters(read('proc_user_beancounters__inside_ct7__64bit__blipp.txt'));
    const m = computeNodeMemoryCommitment(ct7.blocks, totals).containers[0]!;
    expect(m.unlimited.length).toBeGreaterThan(0);
    expect(Number.isFinite(m.ramUtil)).toBe(true);
  });
});
