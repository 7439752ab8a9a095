import { describe, expect, it } from 'vitest';
import { advance, capOf, createNodeModel, nodePower, UBC_RESOURCES, type SimContainer, type SimNodeModel } from './model';
import { renderUserBeancounters } from '../render/beancounters';

const busyOf = (m: SimNodeModel): SimContainer => m.containers.find((ct) => ct.busy)!;

describe('node model', () => {
  it('is deterministic: the same seed gives the same node, another seed another node', () => {
    const a = renderUserBeancounters(createNodeModel({ seed: 1, index: 0 }));
    expect(renderUserBeancounters(createNodeModel({ seed: 1, index: 0 }))).toBe(a);
    expect(renderUserBeancounters(createNodeModel({ seed: 2, index: 0 }))).not.toBe(a);
  });

  it('has 8 CTs by default, ct<id>.example.com host names, 10.x IPs, one stopped and one busy CT', () => {
    const m = createNodeModel({ seed: 42, index: 1 });
    expect(m.containers).toHaveLength(8);
    expect(m.containers.map((ct) => ct.ctId).sort()).toEqual([201, 202, 203, 204, 205, 206, 207, 208]);
    for (const ct of m.containers) {
      expect(ct.hostname).toBe(`ct${ct.ctId}.example.com`);
      for (const ip of ct.ips) expect(ip).toMatch(/^10\.\d+\.\d+\.\d+$/);
    }
    expect(m.containers.filter((ct) => ct.status === 'stopped')).toHaveLength(1);
    expect(m.containers.filter((ct) => ct.busy)).toHaveLength(1);
    expect(busyOf(m).status).toBe('running');
  });

  it('oversells memory like real hosting: Σ privvmpages limits > RAM + swap, for any seed and size (legacy)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      for (const cts of [1, 3, 8]) {
        const m = createNodeModel({ seed, index: seed % 4, ctsPerNode: cts, generation: 'legacy' });
        const sold = m.containers.reduce((s, ct) => s + (ct.ubc.privvmpages.limit ?? 0), 0);
        expect(sold, `seed ${seed}, ${cts} CTs`).toBeGreaterThan((m.memTotalKb + m.swapTotalKb) / 4);
      }
    }
  });

  it('computes node power as Σ bogomips × 25, truncated', () => {
    const m = createNodeModel({ seed: 3, index: 0 });
    m.bogomips = ['4799.99', '4800.01', '4800.03'];
    expect(nodePower(m)).toBe(Math.trunc((479999 + 480001 + 480003) / 4));
  });
});

describe('drift', () => {
  it('makes the busy CT hit its privvmpages and numproc barriers, so failcnt grows', () => {
    const m = createNodeModel({ seed: 42, index: 0 });
    const busy = busyOf(m);
    const before = { privvm: busy.ubc.privvmpages.failcnt, numproc: busy.ubc.numproc.failcnt };
    advance(m, 10 * 60_000);
    expect(busy.ubc.privvmpages.failcnt).toBeGreaterThan(before.privvm);
    expect(busy.ubc.numproc.failcnt).toBeGreaterThan(before.numproc);
    expect(busy.ubc.privvmpages.held).toBeLessThanOrEqual(busy.ubc.privvmpages.barrier!);
    expect(busy.ubc.privvmpages.maxheld).toBe(busy.ubc.privvmpages.barrier);
  });

  it('keeps held inside [0, cap], maxheld ≥ held, and never lowers failcnt or maxheld', () => {
    const m = createNodeModel({ seed: 9, index: 2 });
    for (let i = 0; i < 20; i++) {
      const snapshot = m.containers.map((ct) => UBC_RESOURCES.map((r) => [ct.ubc[r].maxheld, ct.ubc[r].failcnt]));
      advance(m, 60_000);
      m.containers.forEach((ct, c) => {
        UBC_RESOURCES.forEach((r, k) => {
          const bc = ct.ubc[r];
          const cap = capOf(r, bc);
          expect(bc.held).toBeGreaterThanOrEqual(0);
          if (cap !== null) expect(bc.held, `${ct.ctId} ${r}`).toBeLessThanOrEqual(cap);
          expect(bc.maxheld).toBeGreaterThanOrEqual(bc.held);
          expect(bc.maxheld).toBeGreaterThanOrEqual(snapshot[c]![k]![0]!);
          expect(bc.failcnt).toBeGreaterThanOrEqual(snapshot[c]![k]![1]!);
        });
      });
    }
  });

  it('depends only on total time: many small advances equal one big one', () => {
    const a = createNodeModel({ seed: 5, index: 0 });
    const b = createNodeModel({ seed: 5, index: 0 });
    for (let i = 0; i < 30; i++) advance(a, 2_000);
    advance(b, 60_000);
    expect(renderUserBeancounters(a)).toBe(renderUserBeancounters(b));
    expect(a.uptimeSec).toBeCloseTo(b.uptimeSec, 6);
  });

  it('does not move a stopped CT', () => {
    const m = createNodeModel({ seed: 42, index: 0 });
    const stopped = m.containers.find((ct) => ct.status === 'stopped')!;
    const before = JSON.stringify(stopped.ubc);
    advance(m, 3_600_000);
    expect(JSON.stringify(stopped.ubc)).toBe(before);
    expect(stopped.uptimeSec).toBe(0);
  });
});
