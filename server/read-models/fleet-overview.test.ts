import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { eq, sql } from 'drizzle-orm';
import { alarmIncidents, failcntEvents, nodes } from '../../db/schema';
import { startSimFleet, type SimFleet } from '../../sim/ssh/server';
import { createCaller } from '../api/root';
import { collectNode } from '../collector/collect-node';
import { insertNode } from '../inventory/nodes';
import { clockText } from '../openvz/verdict/text';
import { computeNodeMemoryCommitment, computeNodeMemoryTotals } from '../openvz/formulas/memory-commitment';
import { computeNodeOversell } from '../openvz/formulas/vswap';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { parseSecret } from '../ssh/key-vault';
import { listFleetOverview } from './fleet-overview';
import { findLatestFleetData } from './latest-fleet';
import { escapeLike, lookupFields } from './lookup';
import { findLatestSnapshots, findSnapshotContents } from './latest-snapshots';
import { findContainerCounts } from './node-figures';
import { selectRows } from '../../db/sql-rows';

const HOSTILE = '<img/src=x/onerror=alert(1)>';

describe.each(TEST_ENGINES)('fleet read models on %s', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-overview-'));
  let t: TestDb;
  let fleet: SimFleet;
  let services: Services;
  let caller: ReturnType<typeof createCaller>;
  const nodeIds: number[] = [];

  beforeAll(async () => {
    t = await createTestDb(engine);
    fleet = await startSimFleet({ nodes: 2, basePort: 0, dataDir, ctsPerNode: 6, seed: 6 });
    fleet.nodes[0]!.model.containers[0]!.hostname = HOSTILE;
    const secret = parseSecret('ab'.repeat(32));
    services = createTestServices(t, { secret, connectTimeoutMs: 3000, commandTimeoutMs: 5000 });
    for (const [i, sim] of fleet.nodes.entries()) {
      const node = await insertNode(t.db, { name: `ov-${i}`, host: sim.host, port: sim.port, authMethod: 'key-file', keyFile: fleet.clientKeyPath!, hostKeyFingerprint: sim.hostKeyFingerprint, location: i === 0 ? 'fra1' : 'ams2', tags: ['ssd'] }, secret);
      nodeIds.push(node.id);
      const r = await collectNode(services, node.id);
      expect(r.ok).toBe(true);
    }
    caller = createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'test-operator', role: 'operator', label: 'operator@test' } });
  }, 60_000);
  afterAll(async () => {
    services?.ssh.closeAll();
    await fleet?.stop();
    await t?.drop();
  });

  it('shows the memory commitment the pure vzmemcheck and vzoversell formulas give for the stored beancounters', async () => {
    const overview = await caller.fleet.overview();
    // The call sends only what the views draw; the read model's other memory figures are checked on it.
    const full = await listFleetOverview(t.db, new Date());
    const latest = await findLatestFleetData(t.db);
    const models = new Set<string>();
    expect(overview.nodes).toHaveLength(2);
    for (const data of latest) {
      const row = overview.nodes.find((n) => n.id === data.node.id)!;
      const fullRow = full.nodes.find((n) => n.id === data.node.id)!;
      const totals = computeNodeMemoryTotals({ memTotalKb: data.snapshot!.memTotalKb!, swapTotalKb: data.snapshot!.swapTotalKb, lowTotalKb: data.snapshot!.lowTotalKb });
      const pure = computeNodeMemoryCommitment(data.blocks, totals, data.runningCtIds);
      const oversell = computeNodeOversell(data.blocks, { memTotalKb: data.snapshot!.memTotalKb!, swapTotalKb: data.snapshot!.swapTotalKb ?? 0 }, data.runningCtIds);
      expect(pure.summary.allocUtil).toBeGreaterThan(0);
      // The overview sends fractions rounded to 0.01 %; a wrong sum (a CT too many or too few) is far off.
      expect(row.memory!.allocUtil).toBeCloseTo(pure.summary.allocUtil, 4);
      expect(fullRow.memory!.allocCommit).toBeCloseTo(pure.summary.allocCommit, 4);
      expect(row.memory!.memswapUtil).toBeCloseTo(pure.summary.memswapUtil, 4);
      expect(fullRow.memory!.commitExcluded).toBe(pure.summary.excluded.allocCommit.length);
      expect(fullRow.memory!.oversell).toBeCloseTo(oversell.ramSwapOversell!, 4);
      expect(Object.keys(row.memory!).sort()).toEqual(['allocUtil', 'commitment', 'memswapUtil', 'model']);
      models.add(row.memory!.model);
      // Disk: Σ usage / Σ hard over the stored quotas of CTs with a hard limit.
      const quotas = (await findSnapshotContents(t.db, [data.snapshot!.id])).get(data.snapshot!.id)!.quotas.filter((q) => q.ctId !== '0' && (q.blocksHard ?? 0) > 0);
      expect(quotas.length).toBeGreaterThan(0);
      const share = quotas.reduce((a, q) => a + (q.blocksUsage ?? 0), 0) / quotas.reduce((a, q) => a + q.blocksHard!, 0);
      expect(row.disk!.share).toBeCloseTo(share, 4);
      expect(row.cpu!.committed).toBeCloseTo(data.cpu!.currentUtilization / data.cpu!.nodePower, 4);
      expect(row.cts.total).toBeGreaterThan(row.cts.running);
      expect(row.status.level).not.toBe('unknown');
      expect(row.collectedAtMs).toBeGreaterThan(Date.now() - 60_000);
    }
    // seed 6 gives a legacy (UBC) node and an OpenVZ 7 (VSwap) node: both memory models are exercised.
    expect([...models].sort()).toEqual(['vzmemcheck', 'vzoversell']);
  });

  it('counts running / total CTs from the snapshot summary, and from the containers table for a summary stored without them', async () => {
    const fromTable = await findContainerCounts(t.db, nodeIds);
    const sims = new Map(fleet.nodes.map((sim, i) => [nodeIds[i]!, sim.model.containers]));
    const before = await caller.fleet.overview();
    for (const row of before.nodes) {
      const cts = sims.get(row.id)!;
      expect(row.cts).toEqual({ running: cts.filter((c) => c.status === 'running').length, total: cts.length });
      expect(row.cts).toEqual(fromTable.get(row.id));
    }
    // A snapshot stored before the collector counted CTs in its summary.
    const [latest] = await selectRows<{ id: number }>(t.db, sql`select id from snapshots where node_id = ${nodeIds[0]!} order by collected_at desc, id desc limit 1`);
    await t.db.execute(sql`update snapshots set summary = summary - 'cts' where id = ${latest!.id}`);
    const stored = await findLatestSnapshots(t.db, [nodeIds[0]!]);
    expect(stored.get(nodeIds[0]!)!.summary!.cts).toBeUndefined();
    const after = await caller.fleet.overview();
    expect(after.nodes.map((n) => [n.id, n.cts])).toEqual(before.nodes.map((n) => [n.id, n.cts]));
  });

  it('lists failcnt increases newest first, grouped per container and resource, with the hostname as stored', async () => {
    const [a, b] = nodeIds as [number, number];
    const now = Date.now();
    const ev = (nodeId: number, ctId: string, resource: string, at: number, delta: number) => ({ nodeId, ctId, resource, at: new Date(at), delta, failcnt: 100 + delta, held: 50, maxheld: 60, barrier: 60, limit: 70 });
    const ct0 = String(fleet.nodes[0]!.model.containers[0]!.ctId);
    await t.db.insert(failcntEvents).values([
      ev(a, ct0, 'numproc', now - 50 * 60_000, 3),
      ev(a, ct0, 'numproc', now - 60_000, 9),
      ev(b, '999', 'privvmpages', now - 30_000, 2),
      ev(b, '999', 'privvmpages', now - 2 * 3600_000, 40), // outside the hour
    ]);
    const failing = await caller.fleet.failing({ windowMinutes: 60 });
    expect(failing.map((f) => [f.nodeId, f.ctId, f.resource])).toEqual([
      [b, '999', 'privvmpages'],
      [a, ct0, 'numproc'],
    ]);
    expect(failing[1]).toMatchObject({ hostname: HOSTILE, label: 'processes', events: 2, refusals: 12, lastDelta: 9 });
    const overview = await caller.fleet.overview();
    expect(overview.nodes.find((n) => n.id === a)!.failures).toEqual({ events1h: 2, refusals1h: 12, containers1h: 1 });
    // the recent-window counts are the read model's (the verdict uses them), not sent to the overview
    const full = await listFleetOverview(t.db, new Date());
    expect(full.nodes.find((n) => n.id === a)!.failures).toMatchObject({ refusalsRecent: 9, containersRecent: 1 });
    const events = await caller.container.events({ nodeId: a, ctId: ct0 });
    expect(events.map((e) => e.delta)).toEqual([9, 3]);
  });

  it('finds containers by hostname fragment, IP fragment and CT id prefix, and gives each a verdict', async () => {
    const sim = fleet.nodes[1]!;
    const ct = sim.model.containers.find((c) => c.status === 'running' && c.ips.length > 0)!;
    const byHost = await caller.lookup.search({ q: ct.hostname.slice(0, 6).toUpperCase() });
    expect(byHost.results.some((r) => r.ctId === String(ct.ctId) && r.nodeId === nodeIds[1])).toBe(true);
    const ip = ct.ips[0]!;
    const byIp = await caller.lookup.search({ q: ip.slice(0, ip.lastIndexOf('.') + 1) + ip.split('.').pop()!.slice(0, 1) });
    expect(byIp.results.some((r) => r.ips.includes(ip))).toBe(true);
    const exact = await caller.lookup.search({ q: ip });
    expect(exact.results[0]!.ips).toContain(ip);
    const hit = exact.results[0]!;
    expect(['healthy', 'own-limits', 'node-pressure']).toContain(hit.verdict.kind);
    expect(hit.ticketText).toContain(`CT ${hit.ctId}`);
    const hostile = await caller.lookup.search({ q: '<img' });
    expect(hostile.results[0]!.hostname).toBe(HOSTILE);
    expect(hostile.results[0]!.ticketText).toContain(HOSTILE);
  });

  it('says in the verdict and the ticket text that an alarm is open on the CT or its node, and since when', async () => {
    const sim = fleet.nodes[1]!;
    const ct = sim.model.containers.find((c) => c.status === 'running' && c.ips.length > 0)!;
    const since = new Date(Date.now() - 25 * 60_000);
    const base = { nodeId: nodeIds[1]!, openedAt: since, lastSeenAt: since, rule: 'node-unreachable', title: 'ov-1 is not answering' } as const;
    await t.db.insert(alarmIncidents).values([
      { ...base, key: 'lookup-node', severity: 'critical', scope: 'node' },
      { ...base, key: 'lookup-info', severity: 'info', scope: 'ct', ctId: String(ct.ctId), title: 'swapping' },
      { ...base, key: 'lookup-gone', severity: 'critical', scope: 'node', resolvedAt: new Date() },
    ]);
    const [hit] = (await caller.lookup.search({ q: ct.ips[0]! })).results;
    // "23:49 UTC", or "2026-12-04 23:49 UTC" when the 25 minutes reach back past midnight UTC.
    const clock = clockText(since, new Date());
    expect(clock).toMatch(/^(\d{4}-\d{2}-\d{2} )?\d{2}:\d{2} UTC$/);
    expect(hit!.verdict.message).toContain(`An alarm is open on its node ov-1 since ${clock} (25 minutes).`);
    expect(hit!.verdict.evidence).toContain(`Open alarm (critical) since ${clock}: ov-1 is not answering`);
    expect(hit!.ticketText).toContain('An alarm is open on its node ov-1');
    expect(hit!.verdict.message).not.toContain('swapping');
    await t.db.delete(alarmIncidents);
  });

  it('treats % and _ in the query as text, not wildcards, and searches only the columns a query can match', async () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    expect(lookupFields('101')).toEqual({ ctId: true, hostname: true, ips: true });
    expect(lookupFields('10.1.')).toEqual({ ctId: false, hostname: false, ips: true });
    expect(lookupFields('fe80::1')).toEqual({ ctId: false, hostname: false, ips: true });
    expect(lookupFields('shop.example')).toEqual({ ctId: false, hostname: true, ips: false });
    expect(lookupFields('8f1c2e4a-1b2c')).toEqual({ ctId: true, hostname: true, ips: false });
    expect((await caller.lookup.search({ q: '%' })).results).toEqual([]);
    expect((await caller.lookup.search({ q: '_' })).results).toEqual([]);
    expect((await caller.lookup.search({ q: '   ' })).results).toEqual([]);
  });

  it('computes the node charts with the pure formulas, sorted by commitment', async () => {
    const charts = await caller.node.charts({ id: nodeIds[0]! });
    const mem = charts.memory!;
    expect(mem.containers.length).toBeGreaterThan(0);
    const promised = mem.containers.map((c) => c.promised ?? -1);
    expect([...promised].sort((x, y) => y - x)).toEqual(promised);
    const overview = await caller.fleet.overview();
    const row = overview.nodes.find((n) => n.id === nodeIds[0])!.memory!;
    expect(mem.model).toBe(row.model);
    expect(mem.summary.promised).toBeCloseTo(row.commitment, 4);
    const cpu = charts.cpu!;
    const sum = cpu.containers.reduce((s, c) => s + c.guaranteedShare, 0);
    expect(sum).toBeCloseTo(cpu.committed, 9);
    const detail = await caller.container.byId({ nodeId: nodeIds[0]!, ctId: String(fleet.nodes[0]!.model.containers[0]!.ctId) });
    expect(detail.refusals1h).toMatchObject({ numproc: 12 });
  });

  it('judges stale data by each node’s own poll interval, in the overview, the node page and the container page', async () => {
    const [a, b] = nodeIds as [number, number];
    await t.db.update(nodes).set({ pollIntervalS: 600 }).where(eq(nodes.id, a));
    try {
      const later = new Date(Date.now() + 5 * 60_000);
      const at = (clock: Date) => createCaller({ services: { ...services, clock: () => clock, pollIntervalMs: 15_000 }, headers: new Headers(), viewer: { kind: 'user', id: 'test-operator', role: 'operator', label: 'operator@test' } });
      const rows = (await at(later).fleet.overview()).nodes;
      expect(rows.find((n) => n.id === a)).toMatchObject({ status: { stale: false, staleAfterMs: 1_800_000 } });
      expect(rows.find((n) => n.id === b)).toMatchObject({ status: { stale: true, staleAfterMs: 45_000, level: 'bad' } });
      const full = await listFleetOverview(t.db, later, { defaultPollIntervalMs: 15_000 });
      expect(full.nodes.find((n) => n.id === a)).toMatchObject({ pollIntervalMs: 600_000 });
      expect(full.nodes.find((n) => n.id === b)).toMatchObject({ pollIntervalMs: 15_000 });
      expect((await at(later).node.byId({ id: b })).status!.stale).toBe(true);
      const ctOf = (i: number) => String(fleet.nodes[i]!.model.containers[0]!.ctId);
      expect(await at(later).container.byId({ nodeId: a, ctId: ctOf(0) })).toMatchObject({ stale: false, poll: { intervalMs: 600_000, staleAfterMs: 1_800_000 } });
      expect((await at(later).node.byId({ id: a })).status).toMatchObject({ stale: false, pollIntervalMs: 600_000, staleAfterMs: 1_800_000 });
      expect((await at(later).container.byId({ nodeId: b, ctId: ctOf(1) })).stale).toBe(true);
      expect((await at(new Date()).container.byId({ nodeId: b, ctId: ctOf(1) })).stale).toBe(false);
    } finally {
      await t.db.update(nodes).set({ pollIntervalS: null }).where(eq(nodes.id, a));
    }
  });
});
