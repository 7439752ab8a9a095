import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { snapshots } from '../../db/schema';
import { createTestDb, type TestDb } from '../../db/test-databases';
import { createNodeModel } from '../../sim/world/model';
import { collectNode, type CollectorDeps } from '../collector/collect-node';
import { MAX_CTS_PER_NODE } from '../collector/ct-cap';
import { findPollState } from '../collector/poll-state';
import { listContainersOfNode } from '../read-models/read-models';
import { insertNode } from '../inventory/nodes';
import { VZLIST_FIELDS } from './commands';
import { parseSecret } from './key-vault';
import { SshPool } from './pool';
import { startOpenSshNode, type FakeToolOutputs, type OpenSshNode } from './test-openssh-node';
import { renderFakeToolOutputs } from './test-sim-outputs';

/**
 * Pathological output from a real OpenSSH node: 100 MB, a 10 MB line without a newline, NUL bytes
 * and binary garbage, a stream that never ends, a flood on stderr, 10 000 CTs. Each gets a clear
 * error or a capped, marked result; memory stays bounded; what was stored before is untouched.
 * Postgres only: its text columns refuse NUL bytes, the sharper of the two engines here.
 */
const secret = parseSecret('ab'.repeat(32));
/** A vzctl 3.0.x node (no vzlist -j): the table form, whose rows are the simplest to mass-produce. */
const model = { ...createNodeModel({ seed: 3, index: 0, ctsPerNode: 4, generation: 'legacy' }), vzlistJson: false };
const outputs = renderFakeToolOutputs(model);

describe('a real OpenSSH node printing pathological output', () => {
  let t: TestDb;
  let pool: SshPool;
  let deps: CollectorDeps;
  let node: OpenSshNode;
  let nodeId: number;

  beforeAll(async () => {
    t = await createTestDb('postgres');
    pool = new SshPool({ connectTimeoutMs: 5000 });
    // The vzlist form is remembered from each test's normal poll, as the scheduler does: the
    // misbehaving tool is then met inside a collect script's section, not by the -j probe.
    deps = { db: t.db, ssh: pool, clock: () => new Date(), secret, commandTimeoutMs: 8000, vzlistForms: new Map() };
    node = await startOpenSshNode({ user: 'vzfleet-limits', shell: '/bin/bash', outputs });
    const row = await insertNode(
      t.db,
      { name: 'limits-node', host: node.host, port: node.port, sshUser: node.user, authMethod: 'key-file', keyFile: node.privateKeyPath, hostKeyFingerprint: node.hostKeyFingerprint },
      secret,
    );
    nodeId = row.id;
  });
  beforeEach(async () => {
    node.setMode('normal');
    node.setOutputs(outputs);
    expect(await collectNode(deps, nodeId), node.log()).toMatchObject({ ok: true, health: 'ok' });
  });
  afterAll(async () => {
    pool?.closeAll();
    await node?.stop();
    await t?.drop();
  });

  const storedSnapshot = () => t.db.select().from(snapshots).where(eq(snapshots.nodeId, nodeId));

  /** Polls in `mode`, checking that the poll fails and the stored snapshot stays exactly as it was. */
  async function pollFailsKeepingData(mode: Parameters<OpenSshNode['setMode']>[0], opts: { commandTimeoutMs?: number } = {}) {
    const before = await storedSnapshot();
    const pollBefore = await findPollState(t.db, nodeId);
    node.setMode(mode);
    const r = await collectNode({ ...deps, ...opts }, nodeId);
    expect(r.ok).toBe(false);
    expect(await storedSnapshot()).toEqual(before);
    expect((await listContainersOfNode(t.db, nodeId)).map((c) => c.ctId)).toEqual(model.containers.map((c) => c.ctid).sort());
    const poll = (await findPollState(t.db, nodeId))!;
    expect(poll.lastSuccessAt).toEqual(pollBefore!.lastSuccessAt);
    return { r: r as Extract<typeof r, { ok: false }>, poll };
  }

  it('100 MB on stdout: the exec stops at 32 MiB with a clear error, memory stays bounded, stored data untouched', async () => {
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const started = Date.now();
    try {
      const { r, poll } = await pollFailsKeepingData('flood');
      expect(r.health).toBe('command-failed');
      expect(r.error).toBe('the node printed more than 32 MiB on stdout; vzfleet stopped reading (a runaway command or garbage output)');
      expect(poll).toMatchObject({ health: 'command-failed', lastErrorText: r.error });
    } finally {
      clearInterval(sampler);
    }
    // Kept: at most the 32 MiB cap of chunks; without the cap 100 MB plus its decoded copy.
    const growthMib = (peak - base) / 2 ** 20;
    console.log(`flood: peak RSS growth ${growthMib.toFixed(0)} MiB, ${Date.now() - started} ms`);
    expect(growthMib).toBeLessThan(90);
    // The connection is still usable: the next poll is ok again.
    node.setMode('normal');
    expect(await collectNode(deps, nodeId)).toMatchObject({ ok: true, health: 'ok' });
  });

  it('a 10 MB line without a newline inside a section: a parse error naming the line, shown bounded', async () => {
    const { r, poll } = await pollFailsKeepingData('long-line');
    expect(r.health).toBe('parse-error');
    expect(r.error).toMatch(/^collect-script: line \d+: line longer than 64 KiB: "x{300}… \(\d+ bytes\)"$/);
    expect(poll.lastErrorLine!.length).toBeLessThan(400);
  });

  it('NUL bytes and binary garbage in /proc/user_beancounters: a parse error naming the line, storable as text', async () => {
    const { r, poll } = await pollFailsKeepingData('garbage');
    expect(r.health).toBe('parse-error');
    expect(r.error).toMatch(/line \d+/);
    expect(poll.lastErrorLine).not.toContain('\u0000');
    expect(poll.health).toBe('parse-error');
  });

  it('no /proc/user_beancounters (read through tr, which exits 0): a failed command with cat\'s own words', async () => {
    const { r, poll } = await pollFailsKeepingData('no-beancounters');
    expect(r.health).toBe('command-failed');
    expect(r.error).toBe('beancounters: the node printed nothing for /proc/user_beancounters: cat: /proc/user_beancounters: No such file or directory');
    expect(poll.lastErrorText).toBe(r.error);
    node.setMode('normal');
    expect(await collectNode(deps, nodeId)).toMatchObject({ ok: true, health: 'ok' });
  });

  it('a stream that never ends: the command timeout ends the poll, stored data untouched', async () => {
    const started = Date.now();
    const { r } = await pollFailsKeepingData('endless', { commandTimeoutMs: 1500 });
    expect(r.health).toBe('timeout');
    expect(r.error).toBe('command did not finish within 1500 ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('5 MB on stderr: the exec stops at the 1 MiB stderr cap with a clear error', async () => {
    const { r } = await pollFailsKeepingData('stderr-flood');
    expect(r.health).toBe('command-failed');
    expect(r.error).toMatch(/^the node printed more than 1 MiB on stderr/);
  });

  it(`10 000 CTs: the first ${MAX_CTS_PER_NODE} are stored and the node is marked "CT list truncated"`, async () => {
    const many = manyCts(10_000);
    node.setOutputs(many);
    const r = await collectNode(deps, nodeId);
    expect(r, node.log()).toMatchObject({ ok: true, health: 'degraded' });
    expect(r.ok && r.problems).toContain(`CT list truncated at ${MAX_CTS_PER_NODE}: the node reported 10000 containers`);
    const cts = await listContainersOfNode(t.db, nodeId);
    expect(cts).toHaveLength(MAX_CTS_PER_NODE);
    expect(cts.find((c) => c.ctId === '1000')!.numproc!.held).toBe(1000 % 97);
    expect((await findPollState(t.db, nodeId))!.lastErrorText).toMatch(/CT list truncated at 4096/);
  }, 60_000);
});

/** `n` CTs from 1000 up: vzlist rows and compact beancounter blocks (held numproc = id mod 97). */
function manyCts(n: number): FakeToolOutputs {
  const rows: string[] = [];
  const hostnames: string[] = [];
  const unset: string[] = [];
  const bc: string[] = ['Version: 2.5', 'uid resource held maxheld barrier limit failcnt'];
  const resources = ['kmemsize', 'lockedpages', 'privvmpages', 'shmpages', 'numproc', 'physpages', 'vmguarpages', 'oomguarpages', 'numtcpsock', 'numflock', 'numpty', 'numsiginfo', 'tcpsndbuf', 'tcprcvbuf', 'othersockbuf', 'dgramrcvbuf', 'numothersock', 'dcachesize', 'numfile', 'numiptent'];
  const max = '9223372036854775807';
  bc.push(...resources.map((r, i) => `${i === 0 ? '0: ' : ''}${r} 1 1 ${max} ${max} 0`));
  for (let id = 1000; id < 1000 + n; id++) {
    rows.push(`${id} running centos-7-x86_64 1000 0 1 2 3 4 5 6 10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}`);
    hostnames.push(`${id} ct${id}.example.com`);
    unset.push(`${id} -`);
    bc.push(...resources.map((r, i) => `${i === 0 ? `${id}: ` : ''}${r} ${r === 'numproc' ? id % 97 : 1} 1 ${r === 'privvmpages' ? 262144 : max} ${r === 'privvmpages' ? 262144 : max} 0`));
  }
  const statusRows = rows.map((r) => r.split(' ').slice(0, 2).join(' '));
  return {
    ...outputs,
    beancounters: `${bc.join('\n')}\n`,
    // Same commands (and exit codes) as the rendered node: the -j probe keeps its usage answer.
    vzlist: {
      ...outputs.vzlist,
      '-a -H -o ctid,status': `${statusRows.join('\n')}\n`,
      [`-a -H -o ${VZLIST_FIELDS.join(',')}`]: `${rows.join('\n')}\n`,
      '-a -H -o ctid,hostname': `${hostnames.join('\n')}\n`,
      '-a -H -o ctid,name': `${unset.join('\n')}\n`,
      '-a -H -o ctid,description': `${unset.join('\n')}\n`,
    },
  };
}
