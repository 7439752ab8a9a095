import { describe, expect, it } from 'vitest';
import type { LatestNodeData } from '../read-models/latest-fleet';
import { isAuthorizedScrape } from './access';
import { renderMetrics } from './exposition';

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

const fleet: LatestNodeData[] = [
  {
    node: { id: 1, name: 'hn-01' },
    poll: { nodeId: 1, health: 'ok', healthSince: new Date(0), lastAttemptAt: new Date(0), lastSuccessAt: new Date(60_000), lastDurationMs: 250, lastErrorText: null, lastErrorLine: null, presentedFingerprint: null, lastNoiseText: null },
    snapshot: { id: 9, collectedAt: new Date(60_000), memTotalKb: 4 * 1024 * 1024, swapTotalKb: 1024 * 1024, lowTotalKb: null },
    cpu: { currentUtilization: 3501, nodePower: 402_887 },
    blocks: [{ ctId: '101', beancounters: ct101 }],
    runningCtIds: new Set(['101']),
  },
  {
    node: { id: 2, name: 'hn-02' },
    poll: { nodeId: 2, health: 'unreachable', healthSince: new Date(0), lastAttemptAt: new Date(0), lastSuccessAt: null, lastDurationMs: 10, lastErrorText: 'x', lastErrorLine: null, presentedFingerprint: null, lastNoiseText: null },
    snapshot: null,
    cpu: null,
    blocks: [],
    runningCtIds: new Set(),
  },
];

describe('Prometheus exposition', () => {
  it('exports beancounters with unlimited as +Inf, node health and derived commitment', async () => {
    const { body, contentType } = await renderMetrics(fleet, new Date(120_000));
    expect(contentType).toMatch(/text\/plain/);
    const lines = body.split('\n');
    expect(lines).toContain('openvz_beancounter_held{node="hn-01",ctid="101",resource="privvmpages"} 60000');
    expect(lines).toContain('openvz_beancounter_limit{node="hn-01",ctid="101",resource="privvmpages"} +Inf');
    expect(lines).toContain('openvz_beancounter_failcnt{node="hn-01",ctid="101",resource="numproc"} 37');
    expect(lines).toContain('vzfleet_node_up{node="hn-01"} 1');
    expect(lines).toContain('vzfleet_node_up{node="hn-02"} 0');
    expect(lines).toContain('vzfleet_node_health{node="hn-02",state="unreachable"} 1');
    expect(lines).toContain('vzfleet_data_age_seconds{node="hn-01"} 60');
    expect(lines).toContain('openvz_node_power_cpuunits{node="hn-01"} 402887');
    // Alloc commit of CT 101 = (vmguarpages.barrier × 4096 + Σ net limits) / (RAM + swap)
    const netLim = 11_377_049 + 2 * 2_703_360 + 2 * 2_703_360;
    const expected = (33_792 * 4096 + netLim) / ((4 + 1) * 1024 ** 3);
    const line = lines.find((l) => l.startsWith('openvz_container_memory_ratio{node="hn-01",ctid="101",column="alloc_commit"}'))!;
    expect(Number(line.split(' ')[1])).toBeCloseTo(expected, 10);
    expect(body).not.toMatch(/alloc_limit".*ctid="101"/); // unlimited privvmpages limit: no absurd ratio
  });

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
