import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankTargets } from './fit';
import { gatherPlanState, type PlanState } from './gather';
import { computePlacementLimits } from './limits';
import { DEFAULT_THRESHOLDS } from './model';
import { startMigrationWorld, type MigrationWorld } from './test-setup';

/** 20:00 UTC: the simulated CTs' busiest hour (sim/drift.ts), so memory in use is at its daily high. */
const BUSIEST = Date.UTC(2026, 0, 15, 20, 0, 0);

/**
 * The default limits against the fleet the demo starts (server/demo.ts: 4 nodes, seed 42, mixed
 * OpenVZ generations, workloads on): most running CTs must have somewhere to go. The old flat
 * "90 % committed" refused every move on it.
 */
describe('default placement limits on the demo fleet', () => {
  let w: MigrationWorld;
  let state: PlanState;
  beforeAll(async () => {
    // As the demo starts it (sim defaults: CTs per node, generations, workloads), at a fixed hour.
    w = await startMigrationWorld('pglite', { nodes: 4, seed: 42, ctsPerNode: undefined, generation: undefined, workloads: undefined, timeScale: undefined, clock: () => BUSIEST });
    w.deps.thresholds = DEFAULT_THRESHOLDS;
    state = await gatherPlanState(w.deps);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('more than half of the running CTs have at least one acceptable target (live, or offline where kernels differ)', () => {
    const limits = computePlacementLimits(state.nodes, w.deps.thresholds);
    const running = state.cts.filter((c) => c.running);
    const placeable = running.filter((ct) => [true, false].some((online) => rankTargets(ct, state.nodes, limits, { online }).some((f) => f.fits)));
    const share = placeable.length / running.length;
    console.log(`demo fleet: ${placeable.length} of ${running.length} running CTs (${Math.round(share * 100)} %) have a target; promise limit ${Math.round(limits.memPromise * 100)} % (fleet ${Math.round(limits.fleetPromise * 100)} %)`);
    expect(running.length).toBeGreaterThan(10);
    expect(share).toBeGreaterThan(0.5);
  });

  it('the flat 90 % cap it replaces would have offered none', () => {
    const old = { memInUse: 1, memPromise: 0.9, fleetPromise: 0, cpuGuarantee: 0.9, diskReserveKb: 1024 * 1024 };
    const running = state.cts.filter((c) => c.running);
    expect(running.filter((ct) => rankTargets(ct, state.nodes, old, { online: false }).some((f) => f.fits))).toEqual([]);
  });
});
