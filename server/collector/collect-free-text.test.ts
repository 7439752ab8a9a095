import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { applyCtFields } from '../../sim/world/ct-fields';
import { startSimFleet, type SimFleet } from '../../sim/ssh/server';
import type { SimNode } from '../../sim/ssh/fleet-node';
import { findContainerDetail, listContainersOfNode } from '../read-models/read-models';
import { insertNode } from '../inventory/nodes';
import { parseSecret } from '../ssh/key-vault';
import { SshPool } from '../ssh/pool';
import type { VzlistForm } from '../ssh/commands';
import { collectNode, type CollectorDeps } from './collect-node';
import { findPollState } from './poll-state';

const secret = parseSecret('ef'.repeat(32));
const b64 = (bytes: number[]) => ({ base64: Buffer.from(bytes).toString('base64') });

/**
 * One CT of each kind: [what, value set through the sim control, shown by -j, shown by the table,
 * raw bytes kept in fields_raw (hex) or null when the text is exact]. The raw bytes travel from
 * the simulator's channel through the SSH layer's CollectSectionOutput.bytes to the stored row.
 */
const KINDS: Array<[string, unknown, string | null, string | null, string | null]> = [
  ['spaces and tabs', 'my host\tname  x', 'my host\tname  x', 'my host\tname  x', null],
  ['quotes and a backslash', `a"b\\c'd`, `a"b\\c'd`, `a"b\\c'd`, null],
  ['markup and Cyrillic', '<img src=x onerror=alert(1)> и пробелы', '<img src=x onerror=alert(1)> и пробелы', '<img src=x onerror=alert(1)> и пробелы', null],
  ['emoji', '🚀 сервер', '🚀 сервер', '🚀 сервер', null],
  ['invalid UTF-8', b64([0x61, 0xff, 0xfe, 0x62]), 'a\ufffd\ufffdb', 'a\ufffd\ufffdb', '61fffe62'],
  ['KOI8-R', b64([0xf3, 0xc5, 0xd2, 0xd7, 0xc5, 0xd2]), '\ufffd'.repeat(6), '\ufffd'.repeat(6), 'f3c5d2d7c5d2'],
  ['300 characters', 'h'.repeat(300), 'h'.repeat(300), 'h'.repeat(300), null],
  ['the empty string', '', '', '', null],
  // The table cannot tell "-" from unset (vzlist prints "-" for both); -j can.
  ['a dash', '-', '-', null, null],
];

const FIGURES = (c: Awaited<ReturnType<typeof listContainersOfNode>>[number]) => ({
  ctId: c.ctId,
  status: c.status,
  ips: c.ips,
  osTemplate: c.osTemplate,
  cpuunits: c.cpuunits,
  cpulimit: c.cpulimit,
  numprocBarrier: c.numproc?.barrier ?? null,
});

describe.each(TEST_ENGINES)('a node with one CT of each hostile hostname/name/description, over real SSH into %s', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-free-text-'));
  let t: TestDb;
  let legacy: SimFleet;
  let vz7: SimFleet;
  let pool: SshPool;
  let deps: CollectorDeps;
  const forms = new Map<number, VzlistForm>();

  beforeAll(async () => {
    t = await createTestDb(engine);
    legacy = await startSimFleet({ nodes: 2, basePort: 0, dataDir: path.join(dataDir, 'l'), ctsPerNode: KINDS.length + 2, seed: 21, generation: 'legacy' });
    vz7 = await startSimFleet({ nodes: 1, basePort: 0, dataDir: path.join(dataDir, 'v'), ctsPerNode: KINDS.length + 2, seed: 22, generation: 'vz7' });
    legacy.nodes[1]!.model.vzlistJson = false; // vzctl 3.x: no -j
    pool = new SshPool({ connectTimeoutMs: 3000 });
    deps = { db: t.db, ssh: pool, clock: () => new Date(), secret, commandTimeoutMs: 5000, vzlistForms: forms };
  });
  afterAll(async () => {
    pool?.closeAll();
    await legacy?.stop();
    await vz7?.stop();
    await t?.drop();
  });

  async function add(name: string, fleet: SimFleet, i: number) {
    const n = fleet.nodes[i]!;
    return insertNode(t.db, { name, host: n.host, port: n.port, sshUser: 'root', authMethod: 'key-file', keyFile: fleet.clientKeyPath!, hostKeyFingerprint: n.hostKeyFingerprint }, secret);
  }

  function makeHostile(node: SimNode) {
    const cts = [...node.model.containers].sort((a, b) => a.ctId - b.ctId);
    KINDS.forEach(([, value], k) => applyCtFields(cts[k]!, { hostname: value, name: value, description: value }));
    return cts;
  }

  it.each([
    ['vzctl 4.x, read with -j', 0, 'json'],
    ['vzctl 3.x without -j, read with the table fallback', 1, 'table'],
    ['OpenVZ 7, read with -j', 2, 'json'],
  ] as const)('%s: every value comes back literally and every other figure is stored as before', async (_what, index, form) => {
    const fleet = index === 2 ? vz7 : legacy;
    const simNode = fleet.nodes[index === 2 ? 0 : index]!;
    const node = await add(`free-text-${index}`, fleet, index === 2 ? 0 : index);
    const plain = await collectNode(deps, node.id);
    expect(plain).toMatchObject({ ok: true, health: 'ok' });
    expect(forms.get(node.id)).toBe(form);
    const before = (await listContainersOfNode(t.db, node.id)).map(FIGURES);

    const cts = makeHostile(simNode);
    const r = await collectNode(deps, node.id);
    expect(r).toMatchObject({ ok: true, health: 'ok' });
    const after = await listContainersOfNode(t.db, node.id);
    expect(after.map(FIGURES)).toEqual(before);
    for (const [k, [what, , shownJson, shownTable, rawHex]] of KINDS.entries()) {
      const shown = form === 'json' ? shownJson : shownTable;
      const detail = await findContainerDetail(t.db, node.id, cts[k]!.ctid);
      const c = detail.container;
      expect({ what, hostname: c.hostname, name: c.name, description: c.description, raw: c.fieldsRaw, unreadable: c.fieldsUnreadable }).toEqual({
        what,
        hostname: shown,
        name: shown,
        description: shown,
        raw: rawHex ? { hostname: rawHex, name: rawHex, description: rawHex } : null,
        unreadable: null,
      });
    }
  });

  it('a CT whose fields cannot be read is marked with its raw text; the node is degraded, not failed, and the rest is stored', async () => {
    const simNode = legacy.nodes[0]!;
    const node = await add('unreadable-ct', legacy, 0);
    expect(await collectNode(deps, node.id)).toMatchObject({ ok: true });
    const before = (await listContainersOfNode(t.db, node.id)).map(FIGURES);
    const ct = [...simNode.model.containers].sort((a, b) => a.ctId - b.ctId).at(-1)!;
    ct.hostname = 'two\nlines'; // what no control accepts, as if vzctl had let a newline through
    const r = await collectNode(deps, node.id);
    expect(r).toMatchObject({ ok: true, health: 'degraded' });
    const after = await listContainersOfNode(t.db, node.id);
    expect(after.filter((c) => c.ctId !== ct.ctid).map(FIGURES)).toEqual(before.filter((c) => c.ctId !== ct.ctid));
    const odd = after.find((c) => c.ctId === ct.ctid)!;
    expect(odd.fieldsUnreadable).toMatch(/hostname: the value spans lines/);
    expect(odd.fieldsUnreadable).toContain('"hostname": "two\nlines"');
    expect(odd.status).toBe(ct.status);
    const poll = await findPollState(t.db, node.id);
    expect(poll?.health).toBe('degraded');
    expect(poll?.lastErrorText).toContain(`CT ${ct.ctid}: fields unreadable`);
    ct.hostname = 'back.example.com';
  });

  it('a node whose vzctl changed is probed again after a failed full poll', async () => {
    const simNode = legacy.nodes[0]!;
    const node = await add('upgraded', legacy, 0);
    expect(await collectNode(deps, node.id)).toMatchObject({ ok: true });
    expect(forms.get(node.id)).toBe('json');
    simNode.model.vzlistJson = false; // downgraded under us: -j now exits 1
    expect(await collectNode(deps, node.id)).toMatchObject({ ok: false, health: 'command-failed' });
    expect(forms.has(node.id)).toBe(false);
    expect(await collectNode(deps, node.id)).toMatchObject({ ok: true, health: 'ok' });
    expect(forms.get(node.id)).toBe('table');
    simNode.model.vzlistJson = true;
  });
});
