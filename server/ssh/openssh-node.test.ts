import os from 'node:os';
import { eq } from 'drizzle-orm';
import ssh2 from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { snapshots } from '../../db/schema';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { createNodeModel } from '../../sim/world/model';
import { collectNode, type CollectorDeps } from '../collector/collect-node';
import { findPollState } from '../collector/poll-state';
import { applyCtFields } from '../../sim/world/ct-fields';
import { findContainerDetail, listContainersOfNode } from '../read-models/read-models';
import { insertNode } from '../inventory/nodes';
import { buildCollectScript, buildProbe, newSectionToken } from './commands';
import { buildForcedCommandWrapper } from './forced-command';
import { parseSecret } from './key-vault';
import { SshPool } from './pool';
import { kernelFromProbe } from './probe-output';
import { startOpenSshNode, type OpenSshNode, type OpenSshNodeOptions } from './test-openssh-node';
import { beancounterFigure, renderFakeToolOutputs, vzlistText } from './test-sim-outputs';
import { VZLIST_FIELDS } from './commands';

/**
 * vzfleet against Debian's own OpenSSH server, not its simulator: each variant is a real sshd with
 * a real login shell, polled through the real collector path into a real database, and every
 * collected figure is checked against what the node printed.
 */
const secret = parseSecret('ef'.repeat(32));
/** A vzctl 4 node (vzlist -j) and a vzctl 3.0.x node (no -j: the table form), same CTs. */
const model = createNodeModel({ seed: 7, index: 0, ctsPerNode: 5, generation: 'legacy' });
const outputs = renderFakeToolOutputs(model);
const outputsVzctl3 = renderFakeToolOutputs({ ...model, vzlistJson: false });
const FORMS = [
  { form: 'json', outputs },
  { form: 'table', outputs: outputsVzctl3 },
] as const;
const LOCALE_WARNING = 'bash: warning: setlocale: LC_ALL: cannot change locale (de_DE.UTF-8)';

/**
 * Every variant on Postgres, and the chatty-shell variant (the failure that blinded real nodes) on
 * PGlite too: both engines in every variant would take the file well past 30 s.
 */
const VARIANTS_ON: Record<(typeof TEST_ENGINES)[number], 'all' | 'chatty-only'> = { postgres: 'all', pglite: 'chatty-only' };

describe.each(TEST_ENGINES)('a real OpenSSH node polled into %s', (engine) => {
  const all = VARIANTS_ON[engine] === 'all';
  let t: TestDb;
  let pool: SshPool;
  let deps: CollectorDeps;
  let node: OpenSshNode | null = null;

  beforeAll(async () => {
    t = await createTestDb(engine);
    pool = new SshPool({ connectTimeoutMs: 5000 });
    deps = { db: t.db, ssh: pool, clock: () => new Date(), secret, commandTimeoutMs: 5000, vzlistForms: new Map() };
  });
  afterEach(async () => {
    pool.closeAll();
    await node?.stop();
    node = null;
  });
  afterAll(async () => {
    pool?.closeAll();
    await t?.drop();
  });

  async function pollNew(name: string, opts: Omit<OpenSshNodeOptions, 'outputs' | 'user'> & { user?: string; outputs?: OpenSshNodeOptions['outputs'] }) {
    node = await startOpenSshNode({ user: `vzfleet-${opts.shell === '/bin/dash' ? 'dash' : 'bash'}`, outputs, ...opts });
    const row = await insertNode(
      t.db,
      { name, host: node.host, port: node.port, sshUser: node.user, authMethod: 'key-file', keyFile: node.privateKeyPath, hostKeyFingerprint: node.hostKeyFingerprint },
      secret,
    );
    const result = await collectNode(deps, row.id);
    return { row, result };
  }

  /** Every CT of the model, with its status, hostname and beancounters as the node printed them. */
  async function expectFiguresRight(nodeId: number, m = model, o = outputs, opts: { skipHostnames?: string[] } = {}) {
    const cts = await listContainersOfNode(t.db, nodeId);
    expect(cts.map((c) => c.ctId)).toEqual(m.containers.map((c) => c.ctid).sort((a, b) => Number(a) - Number(b)));
    const table = vzlistText(o, `-a -H -o ${VZLIST_FIELDS.join(',')}`);
    for (const ct of m.containers) {
      const got = cts.find((c) => c.ctId === ct.ctid)!;
      expect(got.status).toBe(ct.status);
      if (!opts.skipHostnames?.includes(ct.ctid)) expect(got.hostname).toBe(ct.hostname);
      // vzlist's own row (its 4th column), read here without vzfleet's parser.
      const row = table.split('\n').find((l) => l.trim().split(/\s+/)[0] === ct.ctid)!;
      expect(got.cpuunits).toBe(Number(row.trim().split(/\s+/)[3]));
      if (got.numproc) {
        expect(got.numproc.held).toBe(beancounterFigure(o.beancounters, ct.ctid, 'numproc', 'held'));
        expect(got.privvmpages!.barrier).toBe(beancounterFigure(o.beancounters, ct.ctid, 'privvmpages', 'barrier'));
      }
    }
    expect(cts.filter((c) => c.numproc).length).toBeGreaterThan(0);
    const [snap] = await t.db.select().from(snapshots).where(eq(snapshots.nodeId, nodeId));
    expect(snap!.memTotalKb).toBe(m.memTotalKb);
    expect(snap!.cpuNodePower).toBe(Number(/Power of the node: (\d+)/.exec(o.vzcpucheck)![1]));
  }

  if (all) it('bash as login shell: the collect script runs and every figure is right', async () => {
    const { row, result } = await pollNew('bash-node', { shell: '/bin/bash' });
    expect(result, node!.log()).toMatchObject({ ok: true, health: 'ok' });
    await expectFiguresRight(row.id);
    expect((await findPollState(t.db, row.id))!.lastNoiseText).toBeNull();
  });

  if (all) it('dash as login shell: the same script and figures', async () => {
    const { row, result } = await pollNew('dash-node', { shell: '/bin/dash' });
    expect(result, node!.log()).toMatchObject({ ok: true, health: 'ok' });
    await expectFiguresRight(row.id);
  });

  // Both vzlist forms on Postgres; the json form alone on PGlite (time).
  it.each(all ? FORMS : FORMS.slice(0, 1))('a chatty .bashrc and a broken locale cost no data ($form form): the poll is ok and the noise is noted once', async ({ form, outputs: o }) => {
    const chatty = { via: 'bashrc' as const, stdout: 'Welcome to hn1.example.com — managed by Example Hosting', stderr: 'mesg: ttyname failed: Inappropriate ioctl for device' };
    const { row, result } = await pollNew(`chatty-bash-${form}`, { shell: '/bin/bash', chatty, locale: 'de_DE.UTF-8', outputs: o });
    expect(result, node!.log()).toMatchObject({ ok: true, health: 'ok' });
    // The -j probe read through the chatter: vzctl 4 → json, vzctl 3's usage text → table.
    expect(deps.vzlistForms!.get(row.id)).toBe(form);
    await expectFiguresRight(row.id, model, o);
    const noise = (await findPollState(t.db, row.id))!.lastNoiseText!.split('\n');
    expect(noise).toContain(chatty.stdout);
    expect(noise).toContain(chatty.stderr);
    expect(noise).toContain(LOCALE_WARNING);
    expect(new Set(noise).size).toBe(noise.length);
    // Test-connect's probe sees the same chatter before uname -r's line, and still reads the kernel.
    const conn = await pool.probe({ host: node!.host, port: node!.port, username: node!.user, privateKey: node!.privateKey, hostKeyFingerprint: node!.hostKeyFingerprint });
    try {
      const probe = await conn.exec(buildProbe(), { timeoutMs: 5000 });
      expect(probe.stdout.startsWith(`${chatty.stdout}\n`)).toBe(true);
      expect(kernelFromProbe(probe.stdout)).toBe(os.release());
    } finally {
      conn.close();
    }
    // A second poll over the same connection: still ok, the note is the same, not doubled.
    expect(await collectNode(deps, row.id)).toMatchObject({ ok: true, health: 'ok' });
    expect((await findPollState(t.db, row.id))!.lastNoiseText!.split('\n')).toEqual(noise);
  });

  if (all) it('a chatty ~/.ssh/rc under dash: ok, figures right, the noise noted', async () => {
    const chatty = { via: 'ssh-rc' as const, stdout: 'This system is for authorised use only.', stderr: 'rc: could not update utmp' };
    const { row, result } = await pollNew('chatty-dash', { shell: '/bin/dash', chatty });
    expect(result, node!.log()).toMatchObject({ ok: true, health: 'ok' });
    await expectFiguresRight(row.id);
    expect((await findPollState(t.db, row.id))!.lastNoiseText!.split('\n')).toEqual([chatty.stdout, chatty.stderr]);
  });

  if (all) it('PrintMotd, PrintLastLog and a pre-login banner do not disturb a poll', async () => {
    const banner = '*** Authorised access only. Activity is logged. ***\n';
    const { row, result } = await pollNew('motd-node', { shell: '/bin/bash', printMotd: true, printLastLog: true, banner });
    expect(result, node!.log()).toMatchObject({ ok: true, health: 'ok' });
    await expectFiguresRight(row.id);
  });

  if (all) it('through the forced-command wrapper: the collect scripts and the probe work, anything else is refused', async () => {
    const { row, result } = await pollNew('forced-node', { shell: '/bin/bash', forcedCommandWrapper: buildForcedCommandWrapper() });
    expect(result, node!.log()).toMatchObject({ ok: true, health: 'ok' });
    await expectFiguresRight(row.id);
    // A fast poll (the other fixed script) goes through too.
    const fast = await collectNode({ ...deps, latest: new Map(), fullEvery: 3 }, row.id);
    expect(fast.ok).toBe(true);
    const target = { host: node!.host, port: node!.port, username: node!.user, privateKey: node!.privateKey, hostKeyFingerprint: node!.hostKeyFingerprint };
    const conn = await pool.probe(target);
    try {
      const probe = await conn.exec(buildProbe(), { timeoutMs: 5000 });
      expect(probe.code).toBe(0);
      expect(probe.stdout.trim()).toMatch(/^\d+\.\d+/);
      const token = newSectionToken();
      const script = await conn.exec(buildCollectScript({ full: false, token }), { timeoutMs: 5000 });
      expect(script.stdout).toContain(`@@vzfleet:${token} end vzstatus 0`);
      for (const cmd of ['id', `${buildProbe()}; id`, buildCollectScript({ full: true, token }).replace('vzcpucheck -v', 'id'), 'cat /etc/passwd']) {
        const r = await conn.exec(cmd, { timeoutMs: 5000 });
        expect(r.code, cmd).toBe(1);
        expect(r.stdout, cmd).toBe('');
        expect(r.stderr, cmd).toContain('vzfleet-collect: command refused');
      }
    } finally {
      conn.close();
    }
  });

  if (all) it('an sshd offering only diffie-hellman-group14-sha1, an ssh-rsa host key and hmac-sha1', async () => {
    const { row, result } = await pollNew('legacy-node', { shell: '/bin/bash', legacyAlgorithms: true });
    expect(result, node!.log()).toMatchObject({ ok: true, health: 'ok' });
    await expectFiguresRight(row.id);
    // The node really offered nothing newer: a client insisting on curve25519 is turned away.
    const modern = new ssh2.Client();
    const refused = await new Promise<Error>((resolve) => {
      modern.on('error', resolve);
      modern.on('ready', () => resolve(new Error('connected')));
      modern.connect({ host: node!.host, port: node!.port, username: node!.user, privateKey: node!.privateKey, algorithms: { kex: ['curve25519-sha256'] } });
    });
    modern.destroy();
    expect(refused.message).toMatch(/no matching key exchange/i);
  });

  if (all) it('an empty vzctl 3.0.x node (vzlist exits 1 with "Container(s) not found"): ok with no CTs; another exit-1 message still fails the poll', async () => {
    const empty = { ...createNodeModel({ seed: 5, index: 0, ctsPerNode: 0, generation: 'legacy' }), vzlistJson: false };
    const o = renderFakeToolOutputs(empty);
    const structured = `-a -H -o ${VZLIST_FIELDS.join(',')}`;
    expect(o.vzlist[structured]).toMatchObject({ stdout: '', stderr: 'Container(s) not found\n', code: 1 });
    const chatty = { via: 'bashrc' as const, stdout: 'Welcome', stderr: 'mesg: ttyname failed: Inappropriate ioctl for device' };
    const { row, result } = await pollNew('empty-vzctl3', { shell: '/bin/bash', chatty, outputs: o });
    expect(result, node!.log()).toMatchObject({ ok: true, health: 'ok' });
    expect(deps.vzlistForms!.get(row.id)).toBe('table');
    expect(await listContainersOfNode(t.db, row.id)).toEqual([]);
    // A fast poll (vzstatus only) reads the same answer as empty too.
    expect(await collectNode({ ...deps, latest: new Map(), fullEvery: 1 }, row.id)).toMatchObject({ ok: true });
    // Same exit code, another message: a real failure, not an empty node.
    node!.setOutputs({ ...o, vzlist: { ...o.vzlist, [structured]: { stdout: '', stderr: 'Unable to open /etc/vz/conf/101.conf: Permission denied\n', code: 1 } } });
    expect(await collectNode(deps, row.id)).toMatchObject({ ok: false, health: 'command-failed' });
  });

  // Both forms on Postgres; the json form alone on PGlite.
  it.each(all ? FORMS.map((f) => f.form) : (['json'] as const))(
    'a CT named `<img src=x onerror=alert(1)> и пробелы` and others with hostile fields on a chatty bash node (%s form): ok, every value stored literally, raw bytes kept, every figure right',
    async (form) => {
      const m = hostileModel(form === 'table');
      const o = renderFakeToolOutputs(m);
      const chatty = { via: 'bashrc' as const, stdout: 'Welcome to hn9 <b>Example</b>', stderr: 'mesg: ttyname failed: Inappropriate ioctl for device' };
      const { row, result } = await pollNew(`hostile-${form}`, { shell: '/bin/bash', chatty, locale: 'de_DE.UTF-8', outputs: o });
      expect(result, node!.log()).toMatchObject({ ok: true, health: 'ok' });
      expect(deps.vzlistForms!.get(row.id)).toBe(form);
      await expectFiguresRight(row.id, m, o, { skipHostnames: m.containers.map((c) => c.ctid) });
      const sorted = [...m.containers].sort((a, b) => a.ctId - b.ctId);
      for (const [k, [what, , shown, rawHex]] of HOSTILE.entries()) {
        const { container: c } = await findContainerDetail(t.db, row.id, sorted[k]!.ctid);
        // The table cannot tell "-" from unset (vzlist prints "-" for both); -j can.
        const want = form === 'table' && shown === '-' ? null : shown;
        expect({ what, hostname: c.hostname, name: c.name, description: c.description, raw: c.fieldsRaw, unreadable: c.fieldsUnreadable }).toEqual({
          what,
          hostname: want,
          name: want,
          description: want,
          raw: rawHex ? { hostname: rawHex, name: rawHex, description: rawHex } : null,
          unreadable: null,
        });
      }
      // The CTs after the hostile ones keep their ordinary hostnames.
      for (const ct of sorted.slice(HOSTILE.length)) expect((await findContainerDetail(t.db, row.id, ct.ctid)).container.hostname).toBe(ct.hostname);
    },
  );
});

/** [what, value as vzctl stored it, shown text, raw bytes kept (hex) or null when the text is exact]. */
const HOSTILE: Array<[string, { text: string } | { bytes: number[] }, string, string | null]> = [
  ['markup and Cyrillic', { text: '<img src=x onerror=alert(1)> и пробелы' }, '<img src=x onerror=alert(1)> и пробелы', null],
  ['spaces and tabs', { text: 'my host\tname  x' }, 'my host\tname  x', null],
  ['quotes and a backslash', { text: `a"b\\c'd` }, `a"b\\c'd`, null],
  ['KOI8-R', { bytes: [0xf3, 0xc5, 0xd2, 0xd7, 0xc5, 0xd2] }, '\ufffd'.repeat(6), 'f3c5d2d7c5d2'],
  ['invalid UTF-8', { bytes: [0x61, 0xff, 0xfe, 0x62] }, 'a\ufffd\ufffdb', '61fffe62'],
  ['300 characters', { text: 'h'.repeat(300) }, 'h'.repeat(300), null],
  ['the empty string', { text: '' }, '', null],
  ['a dash', { text: '-' }, '-', null],
];

/** A legacy node with one CT per HOSTILE kind (hostname, name and description alike) and two plain ones. */
function hostileModel(vzctl3: boolean) {
  const m = createNodeModel({ seed: 9, index: 0, ctsPerNode: HOSTILE.length + 2, generation: 'legacy' });
  if (vzctl3) m.vzlistJson = false;
  const sorted = [...m.containers].sort((a, b) => a.ctId - b.ctId);
  HOSTILE.forEach(([, value], k) => {
    const body = 'text' in value ? value.text : { base64: Buffer.from(value.bytes).toString('base64') };
    applyCtFields(sorted[k]!, { hostname: body, name: body, description: body });
  });
  return m;
}
