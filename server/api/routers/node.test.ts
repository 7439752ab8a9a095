import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { generateUsableEd25519 } from '../../../sim/ssh/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../../db/test-databases';
import { startSimFleet, type SimFleet } from '../../../sim/ssh/server';
import { startCollector } from '../../collector/scheduler';
import type { Services } from '../../services';
import { createTestServices } from '../../test-services';
import { parseSecret } from '../../ssh/key-vault';
import { createCaller } from '../root';

describe.each(TEST_ENGINES)('node router on %s', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-router-'));
  let t: TestDb;
  let fleet: SimFleet;
  let services: Services;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    t = await createTestDb(engine);
    fleet = await startSimFleet({ nodes: 1, basePort: 0, dataDir, ctsPerNode: 3, seed: 5 });
    services = createTestServices(t, { secret: parseSecret('ef'.repeat(32)), connectTimeoutMs: 3000, commandTimeoutMs: 3000 });
    services.collector = startCollector(services, { intervalMs: 3_600_000, concurrency: 4 });
    caller = createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'test-admin', role: 'admin', label: 'admin@test' } });
  });
  afterAll(async () => {
    services?.collector?.stop();
    services?.ssh.closeAll();
    await fleet?.stop();
    await t?.drop();
  });

  it('adds a node, shows its fingerprint on first contact, and collects once it is accepted', async () => {
    const sim = fleet.nodes[0]!;
    const node = await caller.node.create({ name: 'sim-a', host: sim.host, port: sim.port, sshUser: 'root', authMethod: 'key-file', keyFile: fleet.clientKeyPath! });
    expect(node.hostKeyFingerprint).toBeNull();

    const test = await caller.node.testConnect({ id: node.id });
    expect(test).toEqual({ result: 'host-key-unknown', fingerprint: sim.hostKeyFingerprint, message: expect.stringContaining('accept it') });

    await expect(caller.node.acceptHostKey({ id: node.id, fingerprint: 'SHA256:' + 'B'.repeat(43) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await caller.node.acceptHostKey({ id: node.id, fingerprint: sim.hostKeyFingerprint });

    const again = await caller.node.testConnect({ id: node.id });
    expect(again).toMatchObject({ result: 'ok', kernel: expect.stringMatching(/stab/) });

    const r = await caller.node.collectNow({ id: node.id });
    expect(r).toMatchObject({ ok: true, health: 'ok' });
    const cts = await caller.container.listByNode({ nodeId: node.id });
    expect(cts).toHaveLength(3);
    const running = cts.find((c) => c.status === 'running')!;
    const detail = await caller.container.byId({ nodeId: node.id, ctId: running.ctId });
    expect(detail.beancounters.find((b) => b.resource === 'privvmpages')!.barrier).toBeGreaterThan(0);
    const list = await caller.node.list();
    expect(list.find((n) => n.id === node.id)).toMatchObject({ containersTotal: 3, poll: { health: 'ok' } });
  });

  it('never returns key material from any node procedure', async () => {
    const { private: key } = generateUsableEd25519();
    const created = await caller.node.create({ name: 'stored', host: '127.0.0.1', port: 22, authMethod: 'stored-key', privateKey: key });
    const all = JSON.stringify([created, await caller.node.list(), await caller.node.byId({ id: created.id })]);
    expect(all).not.toContain('PRIVATE KEY');
    expect(all).not.toContain('v1:'); // the sealed form either
  });

  it('maps bad input to BAD_REQUEST with the field named', async () => {
    const err = await caller.node
      .create({ name: 'x', host: '-oProxyCommand=touch /tmp/pwned', port: 22, authMethod: 'agent' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('BAD_REQUEST');
    await caller.node.create({ name: 'twin', host: '127.0.0.1', authMethod: 'agent' });
    const dup = await caller.node.create({ name: 'twin', host: '127.0.0.1', authMethod: 'agent' }).catch((e: unknown) => e);
    expect((dup as TRPCError).code).toBe('BAD_REQUEST');
    expect((dup as TRPCError).message).toMatch(/already exists/);
  });

  it('keeps a per-node poll interval of 5–3600 s, names the field when it is wrong, and empty means the fleet default', async () => {
    const base = { name: 'paced', host: '127.0.0.1', authMethod: 'agent' as const };
    for (const bad of ['2', '3601', '1.5', 'soon']) {
      const err = await caller.node.create({ ...base, pollIntervalS: bad }).catch((e: unknown) => e);
      expect((err as TRPCError).code).toBe('BAD_REQUEST');
      const issues = ((err as TRPCError).cause as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
      expect(issues.map((i) => i.path.join('.'))).toEqual(['pollIntervalS']);
      expect(issues[0]!.message).toMatch(/seconds|5–3600 s/);
    }
    const node = await caller.node.create({ ...base, pollIntervalS: '60' });
    expect(node.pollIntervalS).toBe(60);
    const bad = await caller.node.update({ id: node.id, values: { ...base, pollIntervalS: '4' } }).catch((e: unknown) => e);
    expect((bad as TRPCError).code).toBe('BAD_REQUEST');
    expect((await caller.node.update({ id: node.id, values: { ...base, pollIntervalS: null } })).pollIntervalS).toBeNull();
    expect((await caller.system.info()).pollIntervalS).toBe(15);
  });

  it('answers NOT_FOUND for a node that does not exist', async () => {
    await expect(caller.node.byId({ id: 999999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.container.byId({ nodeId: 999999, ctId: '101' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects hostile CT ids before touching the database', async () => {
    for (const ctId of ['101; rm -rf /', '-1', '1e9', '$(id)']) {
      await expect(caller.container.byId({ nodeId: 1, ctId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
  });
});
