import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrlctlMigrateLog } from '../server/openvz/prlctl-migrate-log';
import { parseVzlist } from '../server/openvz/index';
import type { SimContainer } from './world/model';
import { startSimFleet, type SimFleet, type SimNode } from './ssh/server';
import { run } from './ssh/test-client';

describe('prlctl migrate and ssh between simulated OpenVZ 7 nodes, through real SSH', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vzfleet-prlctl-migrate-'));
  let fleet: SimFleet;
  let key: string;
  const sh = (node: SimNode, command: string) => run(node, key, command);
  const listed = async (node: SimNode) => parseVzlist((await sh(node, 'vzlist -a')).stdout).containers.map((c) => String(c.ctid));
  const ctOf = (node: SimNode, running: boolean): SimContainer => node.model.containers.find((ct) => (ct.status === 'running') === running && !ct.busy)!;

  beforeAll(async () => {
    fleet = await startSimFleet({ nodes: 3, basePort: 0, dataDir, ctsPerNode: 5, seed: 23, generation: 'vz7', timeScale: 0.001, workloads: false });
    key = readFileSync(fleet.clientKeyPath!, 'utf8');
  });
  afterAll(async () => {
    await fleet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('moves a running CT live: start line, --verbose 1 events, the result; gone from the source, running on the target', async () => {
    const [src, dst] = [fleet.nodes[0]!, fleet.nodes[1]!];
    const ct = ctOf(src, true);
    const r = await sh(src, `prlctl migrate ${ct.ctid} ${dst.host} --ssh="-p ${dst.port}" --verbose 1`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Migrate the CT ${ct.name ?? ct.ctid} on ${dst.host}  ()\nMigration started.\nMigration finished.\n\nThe CT has been successfully migrated.\n`);
    expect(parsePrlctlMigrateLog(r.stdout)).toMatchObject({ reportedSuccess: true, error: null, suspendedTime: null });
    expect(await listed(src)).not.toContain(ct.ctid);
    expect(await listed(dst)).toContain(ct.ctid);
    expect((await sh(dst, `prlctl status ${ct.ctid}`)).stdout).toMatch(/exist running/);
  });

  it('moves a stopped CT cold and keeps it stopped; without --verbose only the start and result lines', async () => {
    const [src, dst] = [fleet.nodes[0]!, fleet.nodes[2]!];
    const ct = ctOf(src, false);
    const r = await sh(src, `prlctl migrate ${ct.ctid} ${dst.name}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Migrate the CT ${ct.name ?? ct.ctid} on ${dst.name}  ()\n\nThe CT has been successfully migrated.\n`);
    expect(dst.model.containers.find((c) => c.ctid === ct.ctid)?.status).toBe(ct.status);
  });

  it('refuses a CT id the target has (the target dispatcher\'s check): exit 255, the CT stays', async () => {
    const [src, dst] = [fleet.nodes[1]!, fleet.nodes[2]!];
    const ct = ctOf(src, true);
    const twin = { ...ct, ctid: ct.ctid };
    dst.model.containers.push(twin);
    try {
      const r = await sh(src, `prlctl migrate ${ct.ctid} ${dst.name} --verbose 1`);
      expect(r.code).toBe(255);
      expect(r.stderr).toBe(`\nFailed to migrate the CT: Failed to migrate the Container. The Container with ID "${ct.ctid}" already exists. To solve the problem, specify a new ID or name for the Container.\n`);
      expect(parsePrlctlMigrateLog(r.stdout + r.stderr).error).toMatch(/already exists/);
      expect(await listed(src)).toContain(ct.ctid);
    } finally {
      dst.model.containers.splice(dst.model.containers.indexOf(twin), 1);
    }
  });

  it('an unreachable target: ssh says why, the dispatcher login fails, exit 253', async () => {
    const src = fleet.nodes[1]!;
    const ct = ctOf(src, true);
    const r = await sh(src, `prlctl migrate ${ct.ctid} nowhere.example`);
    expect(r.code).toBe(253);
    expect(r.stderr).toBe('ssh: Could not resolve hostname nowhere.example: Name or service not known\nLogin failed: Unable to connect to Virtuozzo. You may experience a connection problem or the server may be down. Contact your Virtuozzo administrator for assistance.\n');
  });

  it('a full target disk comes back as the dispatcher\'s internal error (vzmigrate\'s exit 31 is not passed on)', async () => {
    const [src, dst] = [fleet.nodes[2]!, fleet.nodes[1]!];
    const ct = ctOf(src, true);
    const host = fleet.directory.list().find((h) => h.name === dst.name)!;
    const size = host.vzDiskKb;
    host.vzDiskKb = 0;
    try {
      const r = await sh(src, `prlctl migrate ${ct.ctid} ${dst.name}`);
      expect(r.code).toBe(255);
      expect(r.stderr).toMatch(/^\nFailed to migrate the CT: Failed to migrate the Container\. An internal error occurred/);
    } finally {
      host.vzDiskKb = size;
    }
  });

  it('refuses bad usage and an unknown CT the way prlctl does', async () => {
    const src = fleet.nodes[0]!;
    expect(await sh(src, 'prlctl migrate 101')).toMatchObject({ code: 1, stderr: 'Incorrect migrate usage.\n' });
    expect(await sh(src, 'prlctl migrate 101 x --bogus')).toMatchObject({ code: 1, stderr: 'Unrecognized option: --bogus\n' });
    expect((await sh(src, 'prlctl migrate 99999 x')).code).toBe(255);
  });

  it('ssh … true answers 0 for a fleet node and 255 with OpenSSH\'s words otherwise; it runs nothing but true', async () => {
    const [src, dst] = [fleet.nodes[0]!, fleet.nodes[1]!];
    expect((await sh(src, `ssh -T -o BatchMode=yes -p ${dst.port} ${dst.host} true`)).code).toBe(0);
    expect(await sh(src, 'ssh -o BatchMode=yes nowhere.example true')).toMatchObject({ code: 255, stderr: 'ssh: Could not resolve hostname nowhere.example: Name or service not known\n' });
    expect((await sh(src, `ssh ${dst.name} cat /etc/shadow`)).code).toBe(127);
  });

  it('a legacy target runs no dispatcher: the login fails after ssh found no session script', async () => {
    // One node of this fleet turned legacy for the test (a mixed fleet's draw is seed-dependent).
    const src = fleet.nodes[0]!;
    const host = fleet.directory.list().find((h) => h.name === fleet.nodes[2]!.name)!;
    const model = host.model as { generation: string };
    model.generation = 'legacy';
    try {
      const r = await sh(src, `prlctl migrate ${ctOf(src, true).ctid} ${fleet.nodes[2]!.name}`);
      expect(r.code).toBe(253);
      expect(r.stderr).toMatch(/^bash: \/usr\/share\/pmigrate\/pmigrate_local_login\.py: No such file or directory\nLogin failed: /);
    } finally {
      model.generation = 'vz7';
    }
  });
});
