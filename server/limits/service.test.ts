import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../db/test-databases';
import { auditLog } from '../../db/schema-auth';
import { createCaller } from '../api/root';
import type { Viewer } from '../auth/roles';
import { nodePoolKey } from '../ssh/pool';
import { resolveSshTarget } from '../collector/collect-node';
import { parseSecret } from '../ssh/key-vault';
import { startMigrationWorld, type MigrationWorld } from '../migration/test-setup';
import { createTestServices } from '../test-services';

const operator: Viewer = { kind: 'user', id: 'op-1', role: 'operator', label: 'op@example.com' };
const support: Viewer = { kind: 'user', id: 'sup-1', role: 'support', label: 'sup@example.com' };

describe.each(TEST_ENGINES)('limits end to end on a simulated node, on %s', (engine) => {
  let w: MigrationWorld;
  let caller: ReturnType<typeof createCaller>;
  let nodeId: number;
  let busyCt: string;
  let otherCt: string;

  beforeAll(async () => {
    w = await startMigrationWorld(engine, { nodes: 1, ctsPerNode: 5 });
    nodeId = w.nodes[0]!.id;
    const model = w.fleet.nodes[0]!.model;
    busyCt = model.containers.find((c) => c.busy)!.ctid;
    otherCt = model.containers.find((c) => !c.busy && c.status === 'running')!.ctid;
    const services = createTestServices(w.t, { secret: parseSecret('ab'.repeat(32)), connectTimeoutMs: 3000, commandTimeoutMs: 5000 });
    caller = createCaller({ services, headers: new Headers(), viewer: operator });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it('suggests raising privvmpages for the CT that keeps hitting it, with the node cost after', async () => {
    const s = await caller.limit.suggest({ nodeId, ctId: busyCt });
    const privvm = s.suggestions.find((x) => x.resource === 'privvmpages');
    expect(privvm).toBeDefined();
    expect(privvm!.wallAfter).toBeGreaterThan(privvm!.wallBefore);
    expect(privvm!.whatIf.memory!.after.allocLimit).toBeGreaterThan(privvm!.whatIf.memory!.before.allocLimit);
    expect(privvm!.whatIf.ok).toBe(true);
  });

  it('applies the suggestion: pending, then the next poll confirms it; audited with who', async () => {
    const { suggestions } = await caller.limit.suggest({ nodeId, ctId: busyCt });
    const change = suggestions.find((x) => x.resource === 'privvmpages')!.change;
    const r = await caller.limit.set({ nodeId, ctId: busyCt, change });
    expect(r.status).toBe('pending');
    expect(r.command).toMatch(new RegExp(`^vzctl set ${busyCt} --privvmpages \\d+:\\d+ --save$`));
    await w.collectAll();
    const [last] = await caller.limit.changes({ nodeId, ctId: busyCt });
    expect(last).toMatchObject({ param: 'privvmpages', source: 'vzfleet', status: 'confirmed', actorLabel: 'op@example.com' });
    const audit = await w.t.db.select().from(auditLog);
    expect(audit.find((a) => a.action === 'limit.set')).toMatchObject({ result: 'ok', actorLabel: 'op@example.com', target: `ct/${busyCt}` });
  });

  it('a change a rule refuses is not sent', async () => {
    const before = await caller.limit.changes({ nodeId, ctId: otherCt });
    await expect(caller.limit.set({ nodeId, ctId: otherCt, change: { param: 'cpuunits', value: 7 } })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(caller.limit.set({ nodeId, ctId: otherCt, change: { param: 'privvmpages', barrier: 2000, limit: 1000 } })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await caller.limit.changes({ nodeId, ctId: otherCt })).toEqual(before);
  });

  it('a change the node refuses is recorded as failed with the tool’s message', async () => {
    await expect(caller.limit.set({ nodeId, ctId: otherCt, change: { param: 'cpulimit', value: 100_000 } })).rejects.toMatchObject({ code: 'BAD_GATEWAY', message: expect.stringMatching(/Bad parameter for --cpulimit: 100000/) });
    const [last] = await caller.limit.changes({ nodeId, ctId: otherCt });
    expect(last).toMatchObject({ param: 'cpulimit', status: 'failed', message: 'Bad parameter for --cpulimit: 100000' });
  });

  it('a change made on the node by someone else is recorded as "changed on the node"', async () => {
    const node = w.nodes[0]!;
    const r = await w.deps.ssh.exec(nodePoolKey(node.id), await resolveSshTarget(node, w.deps), `vzctl set ${otherCt} --numiptent 333:333 --save`, 5000);
    expect(r.code).toBe(0);
    await w.collectAll();
    const [last] = await caller.limit.changes({ nodeId, ctId: otherCt });
    expect(last).toMatchObject({ param: 'numiptent', source: 'node', status: 'observed', actorLabel: null, after: { barrier: 333, limit: 333 } });
  });

  it('support sees suggestions and what-ifs but cannot apply', async () => {
    const sup = createCaller({ services: createTestServices(w.t, { secret: parseSecret('ab'.repeat(32)), connectTimeoutMs: 3000, commandTimeoutMs: 5000 }), headers: new Headers(), viewer: support });
    await expect(sup.limit.suggest({ nodeId, ctId: busyCt })).resolves.toBeDefined();
    // The sim sells at most 100000 units per CT: 200000 is always a raise.
    const wi = await sup.limit.whatIf({ nodeId, ctId: otherCt, change: { param: 'cpuunits', value: 200000 } });
    expect(wi.whatIf.cpu!.after).toBeGreaterThan(wi.whatIf.cpu!.before);
    await expect(sup.limit.set({ nodeId, ctId: otherCt, change: { param: 'cpuunits', value: 5000 } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('limits on an OpenVZ 7 node (pglite)', () => {
  let w: MigrationWorld;
  afterAll(async () => {
    await w?.close();
  });

  it('the kernel picks prlctl set; the next full poll confirms the new cpuunits', async () => {
    w = await startMigrationWorld('pglite', { nodes: 1, ctsPerNode: 4, generation: 'vz7' });
    const nodeId = w.nodes[0]!.id;
    const ct = w.fleet.nodes[0]!.model.containers.find((c) => c.status === 'running')!;
    const caller = createCaller({ services: createTestServices(w.t, { secret: parseSecret('ab'.repeat(32)), connectTimeoutMs: 3000, commandTimeoutMs: 5000 }), headers: new Headers(), viewer: operator });
    const r = await caller.limit.set({ nodeId, ctId: ct.ctid, change: { param: 'cpuunits', value: 2500 } });
    expect(r.command).toBe(`prlctl set ${ct.ctid} --cpuunits 2500`);
    await w.collectAll();
    const [last] = await caller.limit.changes({ nodeId, ctId: ct.ctid });
    expect(last).toMatchObject({ param: 'cpuunits', status: 'confirmed' });
    // Memory beancounters are not what limits memory there: refused before anything is sent.
    await expect(caller.limit.set({ nodeId, ctId: ct.ctid, change: { param: 'privvmpages', barrier: 1000, limit: 1000 } })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/vz7-memory-by-ram/) });
  }, 60_000);
});
