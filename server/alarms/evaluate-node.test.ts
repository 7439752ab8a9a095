import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmDeliveries, alarmIncidents, nodeMaintenance } from '../../db/schema';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { startSimFleet, type SimFleet } from '../../sim/ssh/server';
import { collectNode, type CollectorDeps } from '../collector/collect-node';
import { insertNode, type NodeRow } from '../inventory/nodes';
import { parseSecret } from '../ssh/key-vault';
import { SshPool } from '../ssh/pool';
import { createChannel } from './delivery/channels';
import { dispatchDueDeliveries } from './delivery/outbox';
import { startHttpReceiver, startSmtpSink, type HttpReceiver, type SmtpSink } from './delivery/test-receivers';
import { evaluateNodeAlarms } from './evaluate-node';
import { listDeliveries } from './deliveries';
import { acknowledgeIncident, findIncident, listIncidents, silenceIncidents, unsilenceIncident } from './incidents';
import { saveAlarmOverrides } from './settings-store';

const secret = parseSecret('ef'.repeat(32));
const HMAC = 'integration-hmac-secret';
const SIM_NOW = Date.parse('2026-12-04T08:00:00Z');

/** Only the rules a test is about, so the simulator's own state (a busy CT, its quotas) stays out of the counts. */
const ONLY = (rules: string[]) =>
  Object.fromEntries(
    ['nodeUnreachable', 'nodeAuthFailed', 'nodeHostKeyChanged', 'dataStale', 'failcntRising', 'heldNearBarrier', 'memoryCommitment', 'cpuGuarantee', 'diskQuota', 'migrationFailed'].map((r) => [r, { enabled: rules.includes(r) }]),
  );

describe.each(TEST_ENGINES)('alarms from real polls of simulated nodes on %s', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-alarms-'));
  let t: TestDb;
  let fleet: SimFleet;
  let smtp: SmtpSink;
  let http: HttpReceiver;
  let pool: SshPool;
  let now = new Date('2026-12-04T08:00:00Z');
  const clock = () => now;
  const tick = (ms = 60_000) => (now = new Date(now.getTime() + ms));
  let collector: CollectorDeps;
  const evalDeps = () => ({ db: t.db, clock, pollIntervalMs: 60_000, publicUrl: 'https://vz.example' });

  /** One poll as the scheduler does it: collect, evaluate that node, send what is due. */
  async function poll(node: NodeRow, retryNow = false) {
    await collectNode(collector, node.id, { retryNow });
    const e = await evaluateNodeAlarms(evalDeps(), node.id);
    await dispatchDueDeliveries({ db: t.db, secret, clock, timeoutMs: 10_000 });
    return e;
  }

  beforeAll(async () => {
    [t, smtp, http] = await Promise.all([createTestDb(engine), startSmtpSink(), startHttpReceiver()]);
    // A frozen simulator clock and no workloads: the nodes change only when a test says so.
    fleet = await startSimFleet({ nodes: 3, basePort: 0, dataDir, ctsPerNode: 6, seed: 5, clock: () => SIM_NOW, workloads: false });
    // Generous timeouts: on a loaded machine a slow handshake must not count as the node being down.
    pool = new SshPool({ connectTimeoutMs: 10_000 });
    collector = { db: t.db, ssh: pool, clock, secret, commandTimeoutMs: 15_000 };
    await createChannel(t.db, secret, { name: 'mail', kind: 'email', config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'vzfleet@example.test', to: ['night@example.test'] } }, now);
    await createChannel(t.db, secret, { name: 'hook', kind: 'webhook', config: { url: `${http.url}/alarm` }, secret: { hmacSecret: HMAC } }, now);
  });
  afterAll(async () => {
    pool?.closeAll();
    await Promise.all([fleet?.stop(), smtp?.stop(), http?.stop()]);
    await t?.drop();
  });

  async function addSimNode(name: string, i: number) {
    const n = fleet.nodes[i]!;
    return insertNode(t.db, { name, host: n.host, port: n.port, sshUser: 'root', authMethod: 'key-file', keyFile: fleet.clientKeyPath!, hostKeyFingerprint: n.hostKeyFingerprint }, secret);
  }

  it('an unreachable node is one incident, one e-mail and one webhook call; recovery resolves it with one of each', async () => {
    await saveAlarmOverrides(t.db, 'fleet', ONLY(['nodeUnreachable', 'dataStale', 'failcntRising', 'heldNearBarrier']), 'test', now);
    const node = await addSimNode('hn-down', 0);
    await poll(node);
    await fleet.setFault(0, 'refuse');
    const opened = [];
    for (let i = 0; i < 6; i++) {
      tick();
      opened.push((await poll(node)).opened);
    }
    // The 3rd failed poll opens it; staleness (past 3 intervals) is held back as part of it.
    expect(opened).toEqual([0, 0, 1, 0, 0, 0]);
    const open = await listIncidents(t.db, { nodeId: node.id }, now);
    expect(open.map((i) => i.rule)).toEqual(['node-unreachable']);
    expect(smtp.messages()).toHaveLength(1);
    expect(smtp.messages()[0]).toMatch(/^Subject: vzfleet \[CRITICAL\] Node hn-down is unreachable$/m);
    expect(http.requests).toHaveLength(1);
    expect(JSON.parse(http.requests[0]!.body)).toMatchObject({ event: 'opened', rule: 'node-unreachable', nodeName: 'hn-down', url: `https://vz.example/alarms?incident=${open[0]!.id}` });

    await fleet.setFault(0, null);
    tick();
    expect(await poll(node, true)).toMatchObject({ resolved: 1, opened: 0 });
    tick();
    await poll(node);
    expect(smtp.messages()).toHaveLength(2);
    expect(smtp.messages()[1]).toMatch(/^Subject: vzfleet \[RESOLVED\] Node hn-down is unreachable$/m);
    expect(http.requests.map((r) => (JSON.parse(r.body) as { event: string }).event)).toEqual(['opened', 'resolved']);
    expect(await listIncidents(t.db, { nodeId: node.id }, now)).toEqual([]);
  });

  it('a flapping failcnt storm over 20 polls is one incident and one message per CT and resource', async () => {
    await saveAlarmOverrides(t.db, 'fleet', ONLY(['failcntRising']), 'test', now);
    const node = await addSimNode('hn-storm', 1);
    const model = fleet.nodes[1]!.model;
    const cts = model.containers.filter((c) => c.status === 'running').slice(0, 2);
    expect(cts).toHaveLength(2);
    await poll(node);
    const mailsBefore = smtp.messages().length;
    const hooksBefore = http.requests.length;
    for (let i = 0; i < 20; i++) {
      tick();
      // Flapping: refusals on some polls, quiet on others, for two CTs and two resources each.
      if (i % 3 !== 2) for (const ct of cts) for (const r of ['numproc', 'privvmpages'] as const) ct.ubc[r].failcnt += 1 + (i % 4);
      await poll(node);
    }
    const open = await listIncidents(t.db, { nodeId: node.id }, now);
    expect(open.map((i) => `${i.ctId}/${i.resource}`).sort()).toEqual(cts.flatMap((c) => [`${c.ctId}/numproc`, `${c.ctId}/privvmpages`]).sort());
    expect(smtp.messages().length - mailsBefore).toBe(4);
    expect(http.requests.length - hooksBefore).toBe(4);

    // Quiet: resolved once the quiet period (30 min) has passed since the last increase, one message each.
    for (let i = 0; i < 31; i++) {
      tick();
      await poll(node);
    }
    expect(await listIncidents(t.db, { nodeId: node.id }, now)).toEqual([]);
    expect(smtp.messages().length - mailsBefore).toBe(8);
    expect(http.requests.length - hooksBefore).toBe(8);
  });

  it('keeps per-CT alarms open while the node is down instead of resolving them unseen', async () => {
    await saveAlarmOverrides(t.db, 'fleet', ONLY(['failcntRising', 'nodeUnreachable']), 'test', now);
    const node = await addSimNode('hn-group', 2);
    const ct = fleet.nodes[2]!.model.containers.find((c) => c.status === 'running')!;
    await poll(node);
    tick();
    ct.ubc.numproc.failcnt += 5;
    await poll(node);
    await fleet.setFault(2, 'refuse');
    // Down for longer than the failcnt quiet period: the CT's incident must not resolve unseen.
    for (let i = 0; i < 40; i++) {
      tick();
      await poll(node);
    }
    const rules = (await listIncidents(t.db, { nodeId: node.id }, now)).map((i) => i.rule).sort();
    expect(rules).toEqual(['failcnt-rising', 'node-unreachable']);
    await fleet.setFault(2, null);
    tick();
    const back = await poll(node, true);
    // Back, with no new refusal in 30 min: both resolve on the first good poll.
    expect(back).toMatchObject({ resolved: 2 });
  });

  it('acknowledge and silence: a silenced node gets no messages, a node in maintenance is muted', async () => {
    await saveAlarmOverrides(t.db, 'fleet', ONLY(['failcntRising']), 'test', now);
    const node = (await listIncidents(t.db, { state: 'all' }, now)).find((i) => i.nodeName === 'hn-storm')!;
    const model = fleet.nodes[1]!.model;
    const ct = model.containers.find((c) => c.status === 'running')!;
    const nodeRow = { id: node.nodeId } as NodeRow;

    await silenceIncidents(t.db, { nodeId: node.nodeId, until: new Date(now.getTime() + 3_600_000), comment: 'planned work' }, 'op@example.test', now);
    const before = await t.db.select().from(alarmDeliveries);
    tick();
    ct.ubc.kmemsize.failcnt += 1;
    expect((await poll(nodeRow)).opened).toBe(1);
    const after = await t.db.select().from(alarmDeliveries);
    const fresh = after.filter((d) => !before.some((b) => b.id === d.id));
    expect(fresh.map((d) => [d.status, d.lastError])).toEqual([
      ['skipped', 'silenced'],
      ['skipped', 'silenced'],
    ]);
    const [inc] = await listIncidents(t.db, { nodeId: node.nodeId, state: 'silenced' }, now);
    expect(inc?.resource).toBe('kmemsize');

    await acknowledgeIncident(t.db, { id: inc!.id, comment: 'customer told' }, 'op@example.test', now);
    expect((await listIncidents(t.db, { state: 'acknowledged' }, now)).map((i) => i.id)).toEqual([inc!.id]);
    expect(await unsilenceIncident(t.db, inc!.id, 'op@example.test', now)).toBe(1);
    const detail = await findIncident(t.db, inc!.id, now);
    expect(detail.events.map((e) => e.kind)).toEqual(['opened', 'acknowledged', 'unsilenced']);
    expect(detail.ackComment).toBe('customer told');

    await t.db.insert(nodeMaintenance).values({ nodeId: node.nodeId, since: now, reason: 'kernel update', by: 'op@example.test' });
    tick();
    ct.ubc.dcachesize.failcnt += 1;
    await poll(nodeRow);
    const [muted] = await t.db.select().from(alarmIncidents).where(and(eq(alarmIncidents.resource, 'dcachesize'), isNull(alarmIncidents.resolvedAt)));
    expect(muted?.muted).toBe(true);
    const log = await t.db.select().from(alarmDeliveries).where(eq(alarmDeliveries.incidentId, muted!.id));
    expect(log.every((d) => d.status === 'skipped' && d.lastError === 'node in maintenance')).toBe(true);
  });

  it('opens an incident once when two instances evaluate the same node at the same time', async () => {
    await saveAlarmOverrides(t.db, 'fleet', ONLY(['failcntRising']), 'test', now);
    const [node] = await listIncidents(t.db, { state: 'all' }, now).then((r) => r.filter((i) => i.nodeName === 'hn-storm'));
    const ct = fleet.nodes[1]!.model.containers.find((c) => c.status === 'running')!;
    tick();
    ct.ubc.shmpages.failcnt += 1;
    await collectNode(collector, node!.nodeId);
    const results = await Promise.all([evaluateNodeAlarms(evalDeps(), node!.nodeId), evaluateNodeAlarms(evalDeps(), node!.nodeId)]);
    expect(results.map((r) => r.opened).sort()).toEqual([0, 1]);
  });

  it('a batched channel gets one digest for what opened within its window', async () => {
    await saveAlarmOverrides(t.db, 'fleet', ONLY(['failcntRising']), 'test', now);
    await createChannel(t.db, secret, { name: 'digest', kind: 'webhook', config: { url: `${http.url}/digest` }, secret: { hmacSecret: HMAC }, batchMinutes: 10 }, now);
    const [inc] = await listIncidents(t.db, { state: 'all' }, now).then((r) => r.filter((i) => i.nodeName === 'hn-storm'));
    const nodeRow = { id: inc!.nodeId } as NodeRow;
    await t.db.delete(nodeMaintenance);
    const cts = fleet.nodes[1]!.model.containers.filter((c) => c.status === 'running');
    now = new Date(Math.ceil(now.getTime() / 600_000) * 600_000 + 60_000);
    for (let i = 0; i < 3; i++) {
      cts[i % cts.length]!.ubc.numothersock.failcnt += 1;
      cts[(i + 1) % cts.length]!.ubc.tcpsndbuf.failcnt += 1;
      await poll(nodeRow);
      tick();
    }
    const digests = () => http.requests.filter((r) => r.path === '/digest');
    expect(digests()).toHaveLength(0);
    now = new Date(Math.ceil(now.getTime() / 600_000) * 600_000);
    await poll(nodeRow);
    expect(digests()).toHaveLength(1);
    const body = JSON.parse(digests()[0]!.body) as { rule: string; items: { event: string }[] };
    expect(body.rule).toBe('digest');
    expect(body.items.length).toBeGreaterThanOrEqual(3);
  });

  it('tells a critical-only channel once when an open incident becomes critical', async () => {
    await saveAlarmOverrides(t.db, 'fleet', ONLY(['failcntRising']), 'test', now);
    const pager = await createChannel(t.db, secret, { name: 'pager', kind: 'webhook', config: { url: `${http.url}/pager` }, secret: { hmacSecret: HMAC }, minSeverity: 'critical' }, now);
    const [inc] = await listIncidents(t.db, { state: 'all' }, now).then((r) => r.filter((i) => i.nodeName === 'hn-storm'));
    const nodeRow = { id: inc!.nodeId } as NodeRow;
    const ct = fleet.nodes[1]!.model.containers.find((c) => c.status === 'running')!;
    tick();
    ct.ubc.numiptent.failcnt += 1;
    await poll(nodeRow);
    const pages = () => http.requests.filter((r) => r.path === '/pager');
    expect(pages()).toHaveLength(0);
    await saveAlarmOverrides(t.db, 'fleet', { ...ONLY(['failcntRising']), failcntRising: { enabled: true, severity: 'critical' } }, 'test', now);
    for (let i = 0; i < 3; i++) {
      tick();
      await poll(nodeRow);
    }
    // Every incident of the node became critical (the rule's severity changed): one page each, once.
    const bodies = pages().map((r) => JSON.parse(r.body) as { event: string; severity: string; incidentId: number; resource: string });
    const open = await listIncidents(t.db, { nodeId: inc!.nodeId }, now);
    expect(bodies.map((b) => b.incidentId).sort()).toEqual(open.map((i) => i.id).sort());
    expect(bodies.every((b) => b.event === 'opened' && b.severity === 'critical')).toBe(true);
    expect(bodies.filter((b) => b.resource === 'numiptent')).toHaveLength(1);
    expect((await listDeliveries(t.db, { channelId: pager.id })).length).toBe(open.length);
  });
});
