import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBeancounters } from '../../server/openvz/index';
import { fleetInventory, nodeAddress, startSimFleet, type SimFleet } from '../ssh/server';
import { connect, exec, execBytes, run } from '../ssh/test-client';

async function call(fleet: SimFleet, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${fleet.controlUrl}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe('the control endpoint (HTTP on 127.0.0.1)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vzfleet-control-'));
  let fleet: SimFleet;
  let key: string;

  beforeAll(async () => {
    fleet = await startSimFleet({ nodes: 3, basePort: 0, dataDir, ctsPerNode: 8, seed: 21, generation: 'legacy', controlPort: 0, workloads: false });
    key = readFileSync(fleet.clientKeyPath!, 'utf8');
  });
  afterAll(async () => {
    await fleet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on loopback only and lists the nodes', async () => {
    expect(fleet.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { status, json } = await call(fleet, 'GET', '/nodes');
    expect(status).toBe(200);
    const nodes = json as { name: string; port: number; hostKeyFingerprint: string; fault: unknown; containers: { total: number } }[];
    expect(nodes.map((n) => n.name)).toEqual(['sim-1', 'sim-2', 'sim-3']);
    expect(nodes[1]).toMatchObject({ port: fleet.nodes[1]!.port, hostKeyFingerprint: fleet.nodes[1]!.hostKeyFingerprint, fault: null, containers: { total: 8 } });
    const one = (await call(fleet, 'GET', '/nodes/2')).json as { cts: { ctId: number }[] };
    expect(one.cts.map((c) => c.ctId)).toEqual([301, 302, 303, 304, 305, 306, 307, 308]);
  });

  it('PUT and DELETE /nodes/:i/fault switch a fault at run time, with its parameters', async () => {
    const put = await call(fleet, 'PUT', '/nodes/1/fault', { fault: 'clock-skew', skewMs: 86_400_000 });
    expect(put).toMatchObject({ status: 200, json: { fault: { fault: 'clock-skew', skewMs: 86_400_000 } } });
    expect(fleet.nodes[1]!.getFault()).toBe('clock-skew');
    const epoch = Number((await run(fleet.nodes[1]!, key, 'date +%s')).stdout);
    expect(epoch - Date.now() / 1000).toBeGreaterThan(86_400 - 10);
    await call(fleet, 'PUT', '/nodes/1/fault', { fault: 'refuse' });
    await expect(connect(fleet.nodes[1]!, { privateKey: key })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await call(fleet, 'DELETE', '/nodes/1/fault')).toMatchObject({ status: 200, json: { fault: null } });
    expect((await run(fleet.nodes[1]!, key, 'true')).code).toBe(0);
  });

  it('PATCH /nodes/:i/cts/:ctId sets what a customer typed as hostname, name and description, and vzlist prints it verbatim', async () => {
    const markup = '<img src=x onerror=alert(1)> и пробелы';
    expect(await call(fleet, 'PATCH', '/nodes/2/cts/303', { hostname: markup, name: 'my "site"' })).toMatchObject({ status: 200, json: { ctId: 303, hostname: markup, name: 'my "site"' } });
    const out = (await run(fleet.nodes[2]!, key, 'vzlist -a -H -o ctid,hostname')).stdout;
    expect(out.split('\n').find((l) => / 303 /.test(` ${l.trimStart()}`))).toBe(`       303 ${markup}`);
    expect(await call(fleet, 'PATCH', '/nodes/2/cts/303', { hostname: 'a\nb' })).toMatchObject({ status: 400, json: { error: expect.stringMatching(/newline/) } });
    expect(await call(fleet, 'PATCH', '/nodes/2/cts/303', { hostname: null })).toMatchObject({ status: 400 });
    expect(await call(fleet, 'PATCH', '/nodes/2/cts/303', { hostname: 'a', plan: 'big' })).toMatchObject({ status: 400, json: { error: 'unknown field "plan"' } });
    expect(await call(fleet, 'PATCH', '/nodes/2/cts/999', { hostname: 'a' })).toMatchObject({ status: 404 });
    expect(await call(fleet, 'POST', '/nodes/2/cts/303', { hostname: 'a' })).toMatchObject({ status: 405 });
  });

  it('raw bytes set as base64 reach the SSH client as those bytes, in vzlist -j unescaped as vzctl prints them', async () => {
    const koi8 = Buffer.from([0xf3, 0xc5, 0xd2, 0xd7, 0xc5, 0xd2]);
    expect((await call(fleet, 'PATCH', '/nodes/2/cts/303', { description: { base64: koi8.toString('base64') }, hostname: 'q"uote' })).status).toBe(200);
    const client = await connect(fleet.nodes[2]!, { privateKey: key });
    const bytes = (await execBytes(client, 'vzlist -a -j -o ctid,hostname,description 303').finally(() => client.end())).stdout;
    expect(bytes.includes(Buffer.concat([Buffer.from('"description": "'), koi8, Buffer.from('"')]))).toBe(true);
    expect(bytes.includes(Buffer.from('"hostname": "q"uote",'))).toBe(true);
    expect(await call(fleet, 'PATCH', '/nodes/2/cts/303', { description: { base64: Buffer.from('a\0b').toString('base64') } })).toMatchObject({ status: 400, json: { error: expect.stringMatching(/NUL/) } });
    await call(fleet, 'PATCH', '/nodes/2/cts/303', { description: null });
  });

  it('PATCH /nodes/:i {"vzlistJson": false} makes vzlist refuse -j as vzctl 3.x does', async () => {
    expect(await call(fleet, 'PATCH', '/nodes/2', { vzlistJson: false })).toMatchObject({ status: 200, json: { vzlistJson: false } });
    const r = await run(fleet.nodes[2]!, key, 'vzlist -a -j -o ctid');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("vzlist: invalid option -- 'j'\n");
    expect(r.stdout).toMatch(/^Usage:\tvzlist/);
    expect(r.stdout).not.toContain('--json');
    await call(fleet, 'PATCH', '/nodes/2', { vzlistJson: true });
    expect((await run(fleet.nodes[2]!, key, 'vzlist -a -j -o ctid')).code).toBe(0);
  });

  it('POST /nodes/:i/rotate-host-key answers the new fingerprint', async () => {
    const before = fleet.nodes[0]!.hostKeyFingerprint;
    const { status, json } = await call(fleet, 'POST', '/nodes/0/rotate-host-key');
    expect(status).toBe(200);
    const after = (json as { hostKeyFingerprint: string }).hostKeyFingerprint;
    expect(after).toMatch(/^SHA256:/);
    expect(after).not.toBe(before);
    expect(fleetInventory(fleet)[0]!.hostKeyFingerprint).toBe(after);
  });

  it('POST /nodes/:i/restart-ct/:ctId restarts a CT: its failcnt goes back to 0', async () => {
    const node = fleet.nodes[2]!;
    const busy = node.model.containers.find((ct) => ct.busy)!;
    const failcnt = async () => {
      const text = (await run(node, key, 'cat /proc/user_beancounters')).stdout;
      return parseBeancounters(text).blocks.find((b) => b.ctId === String(busy.ctId))!.beancounters.find((b) => b.resource === 'privvmpages')!.failcnt;
    };
    expect(await failcnt()).toBeGreaterThan(0);
    expect(await call(fleet, 'POST', `/nodes/2/restart-ct/${busy.ctId}`)).toMatchObject({ status: 200, json: { ctId: busy.ctId, status: 'running' } });
    expect(await failcnt()).toBe(0);
    expect((await call(fleet, 'POST', '/nodes/2/restart-ct/999')).status).toBe(404);
  });

  it('PATCH /nodes/:i sets the CPT modules and the /vz size', async () => {
    expect(await call(fleet, 'PATCH', '/nodes/0', { cptLoaded: false, vzDiskKb: 1048576 })).toMatchObject({ status: 200, json: { cptLoaded: false, vzDiskKb: 1048576, freeDiskKb: 0 } });
    expect(fleet.nodes[0]!.cptLoaded).toBe(false);
    await call(fleet, 'PATCH', '/nodes/0', { cptLoaded: true });
    expect((await call(fleet, 'PATCH', '/nodes/0', { cptLoaded: 'yes' })).status).toBe(400);
  });

  it('answers errors as JSON: unknown node 404, bad fault 400, wrong method 405', async () => {
    expect(await call(fleet, 'GET', '/nodes/7')).toMatchObject({ status: 404, json: { error: 'no node 7 (the fleet has 3)' } });
    expect(await call(fleet, 'PUT', '/nodes/0/fault', { fault: 'melt' })).toMatchObject({ status: 400 });
    expect(await call(fleet, 'PUT', '/nodes/0/fault', { fault: 'slow', maxSessions: 2 })).toMatchObject({ status: 400 });
    expect((await call(fleet, 'GET', '/nodes/0/fault')).status).toBe(405);
    expect((await call(fleet, 'GET', '/nope')).status).toBe(404);
  });
});

describe('a fleet of 50 nodes in one process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vzfleet-fleet50-'));
  let fleet: SimFleet;

  beforeAll(async () => {
    fleet = await startSimFleet({ nodes: 50, basePort: 0, dataDir, ctsPerNode: 12, seed: 42, hostPerNode: true });
  });
  afterAll(async () => {
    await fleet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every node answers over SSH on its own address and port, with its own host key', async () => {
    const key = readFileSync(fleet.clientKeyPath!, 'utf8');
    expect(fleet.nodes.map((n) => n.host)).toEqual(fleet.nodes.map((_, i) => nodeAddress(i)));
    expect(new Set(fleet.nodes.map((n) => n.hostKeyFingerprint)).size).toBe(50);
    const answers: string[] = [];
    for (let i = 0; i < 50; i += 10) {
      await Promise.all(
        fleet.nodes.slice(i, i + 10).map(async (n) => {
          const client = await connect(n, { privateKey: key, pin: n.hostKeyFingerprint });
          try {
            answers[n.index] = (await exec(client, 'hostname')).stdout;
          } finally {
            client.end();
          }
        }),
      );
    }
    expect(answers).toEqual(fleet.nodes.map((n) => `${n.name}.vzfleet.test\n`));
  });

  it('is deterministic for a seed, and vzmigrate finds a node by its own address', async () => {
    const againDir = mkdtempSync(join(tmpdir(), 'vzfleet-fleet-again-'));
    const again = await startSimFleet({ nodes: 2, basePort: 0, dataDir: againDir, ctsPerNode: 12, seed: 42 });
    try {
      expect(again.nodes[1]!.model.containers.map((c) => [c.ctId, c.plan, c.status])).toEqual(fleet.nodes[1]!.model.containers.map((c) => [c.ctId, c.plan, c.status]));
    } finally {
      await again.stop();
      rmSync(againDir, { recursive: true, force: true });
    }
    expect(fleet.directory.resolve(nodeAddress(7))).toMatchObject({ ok: true, host: { name: 'sim-8' } });
    expect(fleet.directory.resolve('sim-8.vzfleet.test')).toMatchObject({ ok: true, host: { index: 7 } });
  });
});
