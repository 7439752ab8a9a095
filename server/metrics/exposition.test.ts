import { describe, expect, it } from 'vitest';
import { isAuthorizedScrape } from './access';
import { MetricFamily } from './exposition-text';
import type { FleetMetricsNode } from './fleet-data';
import { renderFleetMetrics } from './fleet-exposition';
import { renderNodeDetail } from './node-exposition';

const bc = (resource: string, held: number, barrier: number | null, limit: number | null, failcnt = 0) => ({ resource, held, maxheld: held, barrier, limit, failcnt });
const ct101 = [
  bc('kmemsize', 5_000_000, 11_055_923, 11_377_049),
  bc('numproc', 40, 240, 240, 37),
  bc('privvmpages', 60_000, 65_536, null),
  bc('physpages', 30_000, 0, null),
  bc('vmguarpages', 0, 33_792, null),
  bc('oomguarpages', 30_000, 26_112, null),
  ...['numtcpsock', 'numothersock', 'numfile', 'numpty'].map((r) => bc(r, 10, 360, 360)),
  ...['tcpsndbuf', 'tcprcvbuf', 'othersockbuf', 'dgramrcvbuf'].map((r) => bc(r, 1000, 1_720_320, 2_703_360)),
  bc('dcachesize', 1_000_000, 3_409_920, 3_624_960),
];

const node = (over: Partial<FleetMetricsNode>): FleetMetricsNode => ({
  id: 1, name: 'hn-01', pollIntervalS: null, poll: null, snapshot: null, memory: null, cpu: null, cts: { running: 0, total: 0 }, ctsFailing: 0, failcnt: new Map(), migrationsFailed: 0, wrapperRefused: [], ...over,
});
const fleet: FleetMetricsNode[] = [
  node({
    poll: { health: 'ok', healthSince: new Date(0), lastAttemptAt: new Date(60_000), lastSuccessAt: new Date(60_000), lastDurationMs: 250 },
    snapshot: { id: 9, memTotalKb: 4 * 1024 * 1024, swapTotalKb: 1024 * 1024, lowTotalKb: null },
    memory: { model: 'vzmemcheck', commitment: 1.91, allocCommit: 1.91, allocUtil: 0.5, memswapUtil: 0.25, oversell: null, commitExcluded: 0 },
    cpu: { currentUtilization: 3501, nodePower: 402_887 },
    cts: { running: 58, total: 60 },
    ctsFailing: 2,
    failcnt: new Map([['numproc', 37], ['kmemsize', 4]]),
  }),
  node({ id: 2, name: 'hn-02', pollIntervalS: 60, poll: { health: 'unreachable', healthSince: new Date(0), lastAttemptAt: new Date(0), lastSuccessAt: null, lastDurationMs: 10 }, ctsFailing: 1, wrapperRefused: ['collect-loop'] }),
];

describe('Prometheus exposition, default scrape (node and fleet level)', () => {
  const lines = renderFleetMetrics(fleet, new Date(120_000), { pollIntervalMs: 15_000 }).split('\n');

  it('exports node health, poll times, commitment, CPU guarantee, CTs failing and refusals by resource', () => {
    for (const l of [
      'vzfleet_nodes 2',
      'vzfleet_node_up{node="hn-01"} 1',
      'vzfleet_node_up{node="hn-02"} 0',
      'vzfleet_node_health{node="hn-02",state="unreachable"} 1',
      'vzfleet_data_age_seconds{node="hn-01"} 60',
      'vzfleet_poll_duration_seconds{node="hn-01"} 0.25',
      'vzfleet_node_poll_interval_seconds{node="hn-01"} 15',
      'vzfleet_node_poll_interval_seconds{node="hn-02"} 60',
      'openvz_node_power_cpuunits{node="hn-01"} 402887',
      'openvz_node_memory_ratio{node="hn-01",column="alloc_commit"} 1.91',
      'vzfleet_node_containers{node="hn-01",state="running"} 58',
      'vzfleet_node_cts_failing{node="hn-01"} 2',
      'vzfleet_failcnt_refusals_total{node="hn-01",resource="numproc"} 37',
      'vzfleet_fleet_nodes_by_health{state="ok"} 1',
      'vzfleet_fleet_cts_failing 3',
      // A wrapper rollout still to finish, fleet-wide only: no series per node.
      'vzfleet_fleet_nodes_wrapper_refusing{refused="collect-loop"} 1',
      'vzfleet_fleet_nodes_wrapper_refusing{refused="squeezed-scripts"} 0',
      '# TYPE vzfleet_failcnt_refusals_total counter',
    ]) {
      expect(lines).toContain(l);
    }
  });

  it('has no per-CT series: those are the per-node scrape', () => {
    expect(lines.some((l) => /ctid=/.test(l))).toBe(false);
  });
});

describe('Prometheus exposition, per-node scrape (per-CT series)', () => {
  const body = renderNodeDetail({ name: 'hn-01', memTotalKb: 4 * 1024 * 1024, swapTotalKb: 1024 * 1024, lowTotalKb: null, blocks: [{ ctId: '101', beancounters: ct101 }], quotas: [], runningCtIds: new Set(['101']) });
  const lines = body.split('\n');

  it('exports beancounters with unlimited as +Inf and the CT share of commitment', () => {
    expect(lines).toContain('openvz_beancounter_held{node="hn-01",ctid="101",resource="privvmpages"} 60000');
    expect(lines).toContain('openvz_beancounter_limit{node="hn-01",ctid="101",resource="privvmpages"} +Inf');
    expect(lines).toContain('openvz_beancounter_failcnt{node="hn-01",ctid="101",resource="numproc"} 37');
    // Alloc commit of CT 101 = (vmguarpages.barrier × 4096 + Σ net limits) / (RAM + swap)
    const netLim = 11_377_049 + 2 * 2_703_360 + 2 * 2_703_360;
    const expected = (33_792 * 4096 + netLim) / ((4 + 1) * 1024 ** 3);
    const line = lines.find((l) => l.startsWith('openvz_container_memory_ratio{node="hn-01",ctid="101",column="alloc_commit"}'))!;
    expect(Number(line.split(' ')[1])).toBeCloseTo(expected, 10);
  });

  it('escapes label values a node printed, so hostile text cannot forge a series', () => {
    const hostile = renderNodeDetail({ name: 'hn-01', memTotalKb: null, swapTotalKb: null, lowTotalKb: null, blocks: [{ ctId: '101', beancounters: [bc('x"} 1\nforged{a="', 1, 2, 3)] }], quotas: [], runningCtIds: new Set() });
    expect(hostile).toContain('resource="x\\"} 1\\nforged{a=\\""');
    expect(hostile.split('\n').some((l) => l.startsWith('forged'))).toBe(false);
  });
});

describe('exposition text', () => {
  it('writes HELP and TYPE once per family and the special values Prometheus spells', () => {
    const f = new MetricFamily('x_ratio', 'a\nb');
    f.set({ a: '1' }, Infinity);
    f.set({ a: '2' }, -Infinity);
    f.set({}, NaN);
    expect(f.render()).toBe('# HELP x_ratio a\\nb\n# TYPE x_ratio gauge\nx_ratio{a="1"} +Inf\nx_ratio{a="2"} -Inf\nx_ratio NaN\n');
  });
});

describe('scrape access', () => {
  it('checks the bearer token (env or generated), and is open only when an admin opened it', () => {
    const closed = { tokenHash: null, open: false };
    expect(isAuthorizedScrape(null, closed, undefined)).toBe(false); // no token anywhere: closed, not open
    expect(isAuthorizedScrape(null, closed, 'secret-token-1234')).toBe(false);
    expect(isAuthorizedScrape('Bearer wrong', closed, 'secret-token-1234')).toBe(false);
    expect(isAuthorizedScrape('Bearer secret-token-1234', closed, 'secret-token-1234')).toBe(true);
    expect(isAuthorizedScrape('Basic secret-token-1234', closed, 'secret-token-1234')).toBe(false);
    expect(isAuthorizedScrape(null, { tokenHash: null, open: true }, undefined)).toBe(true);
  });
});
