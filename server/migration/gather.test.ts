import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectNode } from '../collector/collect-node';
import { gatherPlanState } from './gather';
import { startMigrationWorld, type MigrationWorld } from './test-setup';

/**
 * A move clears both nodes' snapshots (runner.ts) and asks for a poll; until that poll ends a node
 * without figures is no target. The planner waits for it rather than planning around the node.
 */
describe('planning right after a move', () => {
  let w: MigrationWorld;
  beforeAll(async () => {
    w = await startMigrationWorld('pglite');
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const reachable = (state: Awaited<ReturnType<typeof gatherPlanState>>, id: number) => state.nodes.find((n) => n.id === id)!.reachable;

  it('without a way to poll, a node whose snapshot was cleared is no target', async () => {
    const deps = w.freshDeps();
    await w.collectAll(deps);
    deps.latest!.delete(w.nodes[1]!.id);
    const state = await gatherPlanState(deps);
    expect(reachable(state, w.nodes[1]!.id)).toBe(false);
    expect(reachable(state, w.nodes[0]!.id)).toBe(true);
  });

  it('polls a node without a snapshot and plans with its fresh figures', async () => {
    const deps = w.freshDeps();
    await w.collectAll(deps);
    const polled: number[] = [];
    deps.collectNow = async (id) => {
      polled.push(id);
      return collectNode(deps, id);
    };
    deps.latest!.delete(w.nodes[1]!.id);
    const state = await gatherPlanState(deps);
    expect(polled).toEqual([w.nodes[1]!.id]);
    expect(reachable(state, w.nodes[1]!.id)).toBe(true);
    expect(state.cts.filter((c) => c.nodeId === w.nodes[1]!.id).length).toBe(w.fleet.nodes[1]!.model.containers.length);
  });

  it('a poll that does not end in time leaves the node out instead of holding up the plan', async () => {
    const deps = { ...w.freshDeps(), commandTimeoutMs: 1500 };
    await w.collectAll(deps);
    deps.collectNow = () => new Promise(() => {});
    deps.latest!.delete(w.nodes[2]!.id);
    const started = Date.now();
    const state = await gatherPlanState(deps);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(reachable(state, w.nodes[2]!.id)).toBe(false);
  });
});
