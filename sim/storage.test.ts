import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usedDiskKb } from './world/directory';
import { startSimFleet, type SimFleet } from './ssh/server';
import { run } from './ssh/test-client';

describe('df and /proc/modules on a simulated node (migration pre-checks)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vzfleet-storage-'));
  let fleet: SimFleet;
  let key: string;
  beforeAll(async () => {
    fleet = await startSimFleet({ nodes: 8, basePort: 0, dataDir, ctsPerNode: 2, seed: 4, generation: 'mixed', workloads: false });
    key = readFileSync(fleet.clientKeyPath!, 'utf8');
  });
  afterAll(async () => {
    await fleet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('df -P -k /vz: size, used = the CTs’ private areas, available; it follows vzDiskKb', async () => {
    const node = fleet.nodes[0]!;
    const r = await run(node, key, 'df -P -k /vz');
    expect(r.code).toBe(0);
    const [header, line] = r.stdout.trimEnd().split('\n');
    expect(header).toBe('Filesystem     1024-blocks      Used Available Capacity Mounted on');
    const cols = line!.trim().split(/\s+/);
    expect(cols.slice(1, 4).map(Number)).toEqual([node.vzDiskKb, usedDiskKb(node.model), node.vzDiskKb - usedDiskKb(node.model)]);
    expect(cols[5]).toBe('/vz');
    expect(await run(node, key, 'df -P -k /etc')).toMatchObject({ code: 1, stderr: "df: '/etc': No such file or directory\n" });
  });

  it('/proc/modules lists vzcpt and vzrst on a legacy node while they are loaded, never on OpenVZ 7', async () => {
    const legacy = fleet.nodes.find((n) => n.model.generation === 'legacy')!;
    const loaded = (await run(legacy, key, 'cat /proc/modules')).stdout;
    expect(loaded).toMatch(/^vzrst \d+ 0 - Live/m);
    expect(loaded).toMatch(/^vzcpt \d+ 0 - Live/m);
    legacy.cptLoaded = false;
    try {
      expect((await run(legacy, key, 'cat /proc/modules')).stdout).not.toMatch(/^vz(cpt|rst) /m);
    } finally {
      legacy.cptLoaded = true;
    }
    const vz7 = fleet.nodes.find((n) => n.model.generation === 'vz7')!;
    expect((await run(vz7, key, 'cat /proc/modules')).stdout).not.toMatch(/^vzcpt /m);
    expect(new Set(fleet.nodes.map((n) => n.model.generation))).toEqual(new Set(['legacy', 'vz7']));
  });
});
