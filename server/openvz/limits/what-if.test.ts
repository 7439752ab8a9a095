import { describe, expect, it } from 'vitest';
import type { Beancounter, BeancounterBlock } from '../beancounters';
import { computeNodeMemoryCommitment, computeNodeMemoryTotals } from '../formulas/memory-commitment';
import { computeCpuGuarantees } from '../formulas/cpu-guarantee';
import { computeLimitWhatIf, type WhatIfInput } from './what-if';
import type { CtLimits } from './params';
import { basicCtLimits, LEGACY_NODE } from './test-limits';

function rowsOf(l: CtLimits, held: Partial<Record<string, number>> = {}): Beancounter[] {
  return Object.entries(l.ubc).map(([resource, v]) => ({ resource, held: held[resource] ?? 0, maxheld: held[resource] ?? 0, barrier: v.barrier, limit: v.limit, failcnt: 0 }));
}

const limits = basicCtLimits();
const blocks: BeancounterBlock[] = [
  { ctId: '101', beancounters: rowsOf(limits, { privvmpages: 65000 }) },
  { ctId: '102', beancounters: rowsOf(limits) },
];
const memory = { memTotalKb: 4 * 1024 * 1024, swapTotalKb: 2 * 1024 * 1024 };
const base: WhatIfInput = {
  ctId: '101',
  change: { param: 'privvmpages', barrier: 131072, limit: 139264 },
  current: limits,
  node: LEGACY_NODE,
  blocks,
  runningCtIds: new Set(['101', '102']),
  memory,
  cpu: { nodePower: 100000, running: [{ ctId: '0', cpuunits: 1000 }, { ctId: '101', cpuunits: 1000 }, { ctId: '102', cpuunits: 2000 }] },
  recentMaxheld: 65000,
  recentRefusals: 12,
};

describe('computeLimitWhatIf', () => {
  it('node commitment after the change is what the chart formula gives for the changed node', () => {
    const w = computeLimitWhatIf(base);
    const totals = computeNodeMemoryTotals(memory);
    const before = computeNodeMemoryCommitment(blocks, totals, base.runningCtIds).summary;
    expect(w.memory!.before.allocLimit).toBeCloseTo(before.allocLimit, 12);
    // allocLimit counts privvmpages.limit: 139264 − 69632 more pages over RAM + swap.
    expect(w.memory!.after.allocLimit - w.memory!.before.allocLimit).toBeCloseTo(((139264 - 69632) * 4096) / totals.ramSwapBytes, 12);
    // allocCommit is vmguarpages: untouched.
    expect(w.memory!.after.allocCommit).toBe(w.memory!.before.allocCommit);
    expect(w.ok).toBe(true);
  });

  it('headroom: the recent peak against the old and the new barrier', () => {
    const w = computeLimitWhatIf(base);
    expect(w.headroom).toEqual({ resource: 'privvmpages', recentMaxheld: 65000, shareBefore: 65000 / 65536, shareAfter: 65000 / 131072, wouldRefuse: false });
    const lower = computeLimitWhatIf({ ...base, change: { param: 'privvmpages', barrier: 65000, limit: 69632 } });
    expect(lower.headroom!.wouldRefuse).toBe(true);
    expect(lower.recentRefusals).toBe(12);
  });

  it('cpuunits: the guarantee after uses vzcpucheck’s sum over the running CTs with CT0', () => {
    const w = computeLimitWhatIf({ ...base, change: { param: 'cpuunits', value: 5000 } });
    expect(w.cpu).toEqual({ before: 0.04, after: 0.08, nodePower: 100000, utilizationBefore: 4000, utilizationAfter: 8000 });
    expect(computeCpuGuarantees([{ ctId: '0', cpuunits: 1000 }, { ctId: '101', cpuunits: 5000 }, { ctId: '102', cpuunits: 2000 }], 100000, 1).committed).toBe(w.cpu!.after);
    expect(w.memory!.after).toEqual(w.memory!.before);
    expect(w.headroom).toBeNull();
  });

  it('a stopped CT does not count in the node figures, before or after', () => {
    const w = computeLimitWhatIf({ ...base, runningCtIds: new Set(['102']) });
    expect(w.memory!.after).toEqual(w.memory!.before);
  });

  it('carries the validation: a blocked change says so', () => {
    const w = computeLimitWhatIf({ ...base, change: { param: 'privvmpages', barrier: 200000, limit: 100000 } });
    expect(w.ok).toBe(false);
    expect(w.findings.map((f) => f.rule)).toContain('privvmpages-barrier-le-limit');
  });

  it('without meminfo or vzcpucheck the node figures are null, not guessed', () => {
    const w = computeLimitWhatIf({ ...base, memory: null, cpu: null });
    expect(w.memory).toBeNull();
    expect(w.cpu).toBeNull();
  });
});
