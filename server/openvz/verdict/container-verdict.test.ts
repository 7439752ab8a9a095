import { describe, expect, it } from 'vitest';
import { computeContainerVerdict, formatVerdictText, heldShare, type ContainerVerdictInput } from './container-verdict';
import type { NodeFailures, NodeState } from './node-status';

const now = new Date('2026-03-02T14:30:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const MIN = 60_000;

const calmNode = (over: Partial<NodeState> = {}): NodeState => ({
  name: 'hn07',
  health: 'ok',
  healthSince: ago(3 * 3600_000),
  lastErrorText: null,
  collectedAt: ago(10_000),
  // Polled every 40 s: stale after 3 polls = 2 minutes.
  pollIntervalMs: 40_000,
  figures: { memoryCommit: 1.4, memoryInUse: 0.5, cpuCommitted: 0.6, diskUsed: 0.4 },
  ...over,
});
const noFailures: NodeFailures = { refusals1h: 0, containers1h: 0, refusalsRecent: 0, containersRecent: 0 };
const bc = (resource: string, held: number, barrier: number | null, limit: number | null = barrier) => ({ resource, held, barrier, limit });
const calmBcs = [bc('numproc', 40, 240), bc('privvmpages', 50_000, 262_144, 287_744), bc('numtcpsock', 10, 360), bc('oomguarpages', 90_000, 26_112, null)];

const input = (over: Partial<ContainerVerdictInput> = {}): ContainerVerdictInput => ({
  ct: { ctId: '101', status: 'running', present: true, lastSeenAt: ago(10_000) },
  beancounters: calmBcs,
  events: [],
  node: calmNode(),
  nodeFailures: noFailures,
  now,
  ...over,
});

describe('container verdict for the support desk', () => {
  it('says healthy when nothing is near a limit and the node is calm, without beancounter words in the message', () => {
    const v = computeContainerVerdict(input());
    expect(v.kind).toBe('healthy');
    expect(v.tone).toBe('good');
    expect(v.message).not.toMatch(/numproc|privvmpages|failcnt|barrier/);
    expect(v.evidence).toContain('no limits reached in the last hour');
    // A guarantee held far above its "barrier" is not a limit being hit.
    expect(v.evidence.join('\n')).not.toMatch(/oomguarpages/);
    expect(v.evidence.join('\n')).toMatch(/highest: privvmpages \(allocated memory\) at 19 % of its barrier/);
  });

  it('counts refusals of the last hour per resource: own limits, routed to the customer', () => {
    const v = computeContainerVerdict(
      input({
        events: [
          { resource: 'numproc', delta: 9, at: ago(5 * MIN) },
          { resource: 'numproc', delta: 5, at: ago(2 * MIN) },
          { resource: 'privvmpages', delta: 1, at: ago(1 * MIN) },
        ],
      }),
    );
    expect(v.kind).toBe('own-limits');
    expect(v.routeTo).toBe('customer');
    expect(v.evidence[0]).toBe('numproc (processes) reached its limit 14 times in the last hour');
    expect(v.evidence[1]).toBe('privvmpages (allocated memory) reached its limit once in the last hour');
    expect(v.message).toContain('processes and memory');
    expect(v.message).toContain('The plan is too small for what runs in it, or something is forking');
    expect(v.message).not.toMatch(/numproc|privvmpages|failcnt/);
  });

  it('treats held at 95 % of the barrier as at the limit, and 85 % as close to it', () => {
    const at = computeContainerVerdict(input({ beancounters: [bc('privvmpages', 257_000, 262_144, 287_744), bc('numproc', 40, 240)] }));
    expect(at.kind).toBe('own-limits');
    expect(at.evidence[0]).toBe('privvmpages (allocated memory) at 98 % of its barrier');
    const below = computeContainerVerdict(input({ beancounters: [bc('privvmpages', 246_000, 262_144, 287_744)] })); // 93.8 %
    expect(below.kind).toBe('healthy');
    expect(below.tone).toBe('warn');
    expect(below.evidence).toContain('privvmpages (allocated memory) at 94 % of its barrier (close to it)');
    const calm = computeContainerVerdict(input({ beancounters: [bc('privvmpages', 220_000, 262_144, 287_744)] })); // 84 %
    expect(calm.tone).toBe('good');
  });

  it('uses the limit when the barrier is 0 (physpages on VSwap) and ignores unlimited rows', () => {
    expect(heldShare(bc('physpages', 99, 0, 100))).toBeCloseTo(0.99);
    expect(heldShare(bc('numfile', 99, null, null))).toBeNull();
    const v = computeContainerVerdict(input({ beancounters: [bc('physpages', 99, 0, 100), bc('numfile', 1e9, null, null)] }));
    expect(v.kind).toBe('own-limits');
    expect(v.evidence[0]).toBe('physpages (RAM) at 99 % of its barrier');
  });

  it('sends a calm container on a pressured node to the admins, naming the figures', () => {
    const v = computeContainerVerdict(input({ node: calmNode({ figures: { memoryCommit: 2.4, memoryInUse: 0.5, cpuCommitted: 1.12, diskUsed: 0.93 } }) }));
    expect(v.kind).toBe('node-pressure');
    expect(v.routeTo).toBe('admins');
    expect(v.message).toContain('The container is fine; the node it lives on is under pressure (memory commitment 240 %');
    expect(v.message).toContain("CPU guarantees oversold (112 % of the node's power)");
    expect(v.message).toContain('disk nearly full');
    expect(v.message).toContain('goes to the admins, not back to the customer');
    expect(v.evidence.some((e) => e.includes('vzmemcheck alloc commit 240 %'))).toBe(true);
  });

  it('names vzoversell as the source on VSwap nodes, where alloc commit is meaningless', () => {
    const v = computeContainerVerdict(input({ node: calmNode({ figures: { memoryCommit: 2.2, memoryInUse: 0.5, memorySource: 'vzoversell', cpuCommitted: 0.5, diskUsed: 0.1 } }) }));
    expect(v.kind).toBe('node-pressure');
    expect(v.evidence[0]).toBe('node hn07: memory commitment 220 % — vzoversell RAM + swap limits 220 % of RAM + swap (line: 200 %)');
  });

  it('draws the node-pressure lines at the thresholds', () => {
    const at = (figures: NodeState['figures']) => computeContainerVerdict(input({ node: calmNode({ figures }) })).kind;
    const base = { memoryCommit: 1, memoryInUse: 0.5, cpuCommitted: 0.5, diskUsed: 0.5 };
    expect(at({ ...base, memoryCommit: 1.99 })).toBe('healthy');
    expect(at({ ...base, memoryCommit: 2 })).toBe('node-pressure');
    expect(at({ ...base, memoryInUse: 0.9 })).toBe('node-pressure');
    expect(at({ ...base, cpuCommitted: 1 })).toBe('healthy'); // exactly the power: promised, not oversold
    expect(at({ ...base, cpuCommitted: 1.01 })).toBe('node-pressure');
    expect(at({ ...base, diskUsed: 0.89 })).toBe('healthy');
    expect(at({ ...base, diskUsed: 0.9 })).toBe('node-pressure');
  });

  it('keeps own limits first and adds the node pressure to the message when both hold', () => {
    const v = computeContainerVerdict(
      input({ events: [{ resource: 'numtcpsock', delta: 3, at: ago(MIN) }], node: calmNode({ figures: { memoryCommit: 2.5, memoryInUse: 0.5, cpuCommitted: 0.5, diskUsed: 0.1 } }) }),
    );
    expect(v.kind).toBe('own-limits');
    expect(v.message).toContain('network connections');
    expect(v.message).toContain('The node is also under pressure (memory commitment 250 %) — tell the admins too.');
  });

  it('calls an unreachable node an outage, with since when, whatever the container did before', () => {
    const v = computeContainerVerdict(
      input({
        node: calmNode({ health: 'unreachable', healthSince: ago(25 * MIN), collectedAt: ago(25 * MIN), lastErrorText: 'connect ECONNREFUSED 10.0.0.7:22' }),
        events: [{ resource: 'numproc', delta: 50, at: ago(30 * MIN) }],
      }),
    );
    expect(v.kind).toBe('outage');
    expect(v.routeTo).toBe('admins');
    expect(v.message).toBe('No data for 25 minutes — the node is unreachable. This is an outage, not a customer problem: tell the admins.');
    expect(v.evidence[0]).toBe('node hn07: unreachable for 25 minutes (since 14:05 UTC)');
    expect(v.evidence).toContain('last error: connect ECONNREFUSED 10.0.0.7:22');
  });

  it('calls data older than the stale line an outage even when the last poll said ok', () => {
    const fresh = computeContainerVerdict(input({ node: calmNode({ collectedAt: ago(119_000) }) }));
    expect(fresh.kind).toBe('healthy');
    const stale = computeContainerVerdict(input({ node: calmNode({ collectedAt: ago(12 * MIN) }) }));
    expect(stale.kind).toBe('outage');
    expect(stale.message).toMatch(/^No data for 12 minutes — vzfleet has not heard from the node/);
  });

  it('says there is no data yet for a node never polled, and names stopped and vanished containers', () => {
    expect(computeContainerVerdict(input({ node: calmNode({ health: 'never-polled', collectedAt: null }) })).kind).toBe('no-data');
    const stopped = computeContainerVerdict(input({ ct: { ctId: '101', status: 'stopped', present: true, lastSeenAt: ago(5000) }, beancounters: [] }));
    expect(stopped.kind).toBe('stopped');
    expect(stopped.message).toContain('The container is stopped');
    const gone = computeContainerVerdict(input({ ct: { ctId: '101', status: 'running', present: false, lastSeenAt: ago(3 * 3600_000) } }));
    expect(gone.kind).toBe('gone');
    expect(gone.message).toContain('migrated or destroyed');
  });

  it('formats a ticket text that carries customer text as it is', () => {
    const v = computeContainerVerdict(input({ events: [{ resource: 'numproc', delta: 2, at: ago(MIN) }] }));
    const text = formatVerdictText(v, { ctId: '101', hostname: '<img src=x onerror=alert(1)>', nodeName: 'hn07' }, now);
    expect(text.split('\n')[0]).toBe('CT 101 (<img src=x onerror=alert(1)>) on node hn07 — checked 2026-03-02 14:30 UTC');
    expect(text).toContain('Hitting its own limits: The container keeps running');
    expect(text).toContain('- numproc (processes) reached its limit 2 times in the last hour');
  });
});
