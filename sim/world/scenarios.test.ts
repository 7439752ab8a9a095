import { describe, expect, it } from 'vitest';
import { capOf, createNodeModel, type SimContainer, type SimNodeModel } from './model';
import { advanceWithWorkloads, assignWorkloads, type WorkloadKind } from './scenarios';

const T0 = Date.UTC(2024, 2, 1, 0, 0, 0);

function node(seed: number): SimNodeModel {
  const model = createNodeModel({ seed, index: 0, ctsPerNode: 20, generation: 'legacy' });
  assignWorkloads(model);
  return model;
}

/** Polls every 15 s for `minutes`, calling `look` after each advance. */
function live(model: SimNodeModel, minutes: number, look: (epochMs: number) => void, from = T0): void {
  for (let t = from + 15_000; t <= from + minutes * 60_000; t += 15_000) {
    advanceWithWorkloads(model, 15_000, t, () => false);
    look(t);
  }
}

const withKind = (model: SimNodeModel, kind: WorkloadKind): SimContainer => model.containers.find((ct) => ct.workload?.kind === kind)!;

describe('workloads that move', () => {
  it('gives every running CT but the busy one a workload, and one each of leak, fork bomb and restart', () => {
    const model = node(5);
    const kinds = model.containers.map((ct) => ct.workload?.kind);
    for (const k of ['leak', 'forkbomb', 'restart'] as const) expect(kinds.filter((x) => x === k)).toHaveLength(1);
    for (const ct of model.containers) expect(ct.workload !== undefined).toBe(ct.status === 'running' && !ct.busy);
    expect(model.containers.some((ct) => ct.status === 'mounted')).toBe(true);
    expect(model.containers.some((ct) => ct.status === 'suspended')).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const [a, b] = [node(9), node(9)];
    live(a, 30, () => {});
    live(b, 30, () => {});
    expect(a.containers.map((ct) => ct.ubc.privvmpages.held)).toEqual(b.containers.map((ct) => ct.ubc.privvmpages.held));
  });

  it('a memory leak walks privvmpages into its barrier, where failcnt climbs; then it starts over', () => {
    const model = node(5);
    const ct = withKind(model, 'leak');
    ct.workload!.phase = 0;
    const bc = ct.vswap ? ct.ubc.physpages : ct.ubc.privvmpages;
    const cap = capOf(ct.vswap ? 'physpages' : 'privvmpages', bc)!;
    const start = bc.held;
    let peak = 0;
    let failcnt = bc.failcnt;
    live(model, 12, () => (peak = Math.max(peak, bc.held)));
    expect(peak).toBeGreaterThan(cap * 0.95);
    expect(peak).toBeGreaterThan(start);
    expect(bc.failcnt).toBeGreaterThan(failcnt);
    failcnt = bc.failcnt;
    let low = Infinity;
    live(model, 10, () => (low = Math.min(low, bc.held)), T0 + 12 * 60_000);
    expect(low).toBeLessThan(cap * 0.8);
  });

  it('a fork bomb runs numproc into its barrier every 20–40 minutes', () => {
    const model = node(5);
    const ct = withKind(model, 'forkbomb');
    const before = ct.ubc.numproc.failcnt;
    live(model, 45, () => {});
    expect(ct.ubc.numproc.failcnt).toBeGreaterThan(before);
    expect(ct.ubc.numproc.maxheld).toBeGreaterThanOrEqual(capOf('numproc', ct.ubc.numproc)! * 0.95);
  });

  it('the restarting CT is stopped for a while, then starts with every failcnt at 0', () => {
    const model = node(5);
    const ct = withKind(model, 'restart');
    ct.ubc.numothersock.failcnt = 99;
    let seenStopped = false;
    let failcntAfterStart: number | null = null;
    live(model, 60, () => {
      if (ct.status === 'stopped') seenStopped = true;
      else if (seenStopped && failcntAfterStart === null) failcntAfterStart = ct.ubc.numothersock.failcnt;
    });
    expect(seenStopped).toBe(true);
    expect(failcntAfterStart).not.toBeNull();
    expect(failcntAfterStart!).toBeLessThan(99);
    expect(ct.uptimeSec).toBeLessThan(3600);
  });

  it('follows the day: busier at 20:00 UTC than at 08:00', () => {
    const model = node(5);
    const plain = model.containers.filter((ct) => ct.workload?.kind === null);
    const total = () => plain.reduce((s, ct) => s + ct.ubc.privvmpages.held, 0);
    let evening = 0;
    let morning = 0;
    live(model, 14 * 60, (t) => {
      const hour = new Date(t).getUTCHours();
      if (hour === 8) morning = total();
      if (hour === 20) evening = total();
    }, Date.UTC(2024, 2, 1, 7, 0, 0));
    expect(evening).toBeGreaterThan(morning * 1.1);
  });

  it('leaves a CT being migrated (locked) alone', () => {
    const model = node(5);
    const ct = withKind(model, 'restart');
    ct.workload!.next = 1;
    for (let t = T0 + 15_000; t < T0 + 10 * 60_000; t += 15_000) advanceWithWorkloads(model, 15_000, t, (id) => id === ct.ctId);
    expect(ct.status).toBe('running');
  });
});
