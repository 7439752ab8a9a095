import { describe, expect, it } from 'vitest';
import { computeNodeStatus, isNodeDataStale, type NodeFailures, type NodeState } from './node-status';
import { durationText, sharePercent } from './text';

const now = new Date('2026-03-02T14:30:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const node = (over: Partial<NodeState> = {}): NodeState => ({
  name: 'hn01',
  health: 'ok',
  healthSince: ago(3600_000),
  lastErrorText: null,
  collectedAt: ago(5000),
  pollIntervalMs: 15_000,
  figures: { memoryCommit: 1.2, memoryInUse: 0.4, cpuCommitted: 0.7, diskUsed: 0.3 },
  ...over,
});
const quiet: NodeFailures = { refusals1h: 0, containers1h: 0, refusalsRecent: 0, containersRecent: 0 };

describe('node status for the overview and the wall', () => {
  it('is ok with calm figures and no failures', () => {
    const s = computeNodeStatus(node(), quiet, now);
    expect(s).toMatchObject({ level: 'ok', headline: 'ok', stale: false, dataAgeMs: 5000 });
  });

  it('turns amber for pressure or a container hitting its limits, red for a failcnt storm', () => {
    expect(computeNodeStatus(node({ figures: { memoryCommit: 2.4, memoryInUse: 0.4, cpuCommitted: 0.7, diskUsed: 0.3 } }), quiet, now)).toMatchObject({
      level: 'warn',
      headline: 'memory commitment 240 %',
    });
    const one = computeNodeStatus(node(), { ...quiet, containersRecent: 1, refusalsRecent: 7 }, now);
    expect(one).toMatchObject({ level: 'warn', headline: '1 CT hitting limits' });
    expect(one.reasons).toContain('1 CT hitting limits now (7 refusals in 10 min)');
    const storm = computeNodeStatus(node(), { ...quiet, containersRecent: 3, refusalsRecent: 30 }, now);
    expect(storm).toMatchObject({ level: 'bad', headline: 'failcnt storm: 3 CTs hitting limits' });
    expect(computeNodeStatus(node(), { ...quiet, containersRecent: 1, refusalsRecent: 500 }, now).level).toBe('bad');
  });

  it('turns red and stale when the node stops answering or its data gets old', () => {
    const down = computeNodeStatus(node({ health: 'timeout', healthSince: ago(80_000), lastErrorText: 'no answer in 10 s' }), { ...quiet, containersRecent: 5 }, now);
    expect(down).toMatchObject({ level: 'bad', stale: true, headline: 'not answering (timeout) for 80 seconds' });
    expect(down.reasons).toContain('no answer in 10 s');
    const old = computeNodeStatus(node({ collectedAt: ago(10 * 60_000) }), quiet, now);
    expect(old).toMatchObject({ level: 'bad', stale: true, headline: 'no fresh data for 10 minutes' });
  });

  it('measures staleness in the node’s own poll intervals, not one fleet-wide age', () => {
    const twoMin = ago(2 * 60_000);
    const often = computeNodeStatus(node({ collectedAt: twoMin, pollIntervalMs: 15_000 }), quiet, now);
    expect(often).toMatchObject({ stale: true, level: 'bad', staleAfterMs: 45_000, headline: 'no fresh data for 2 minutes' });
    const seldom = computeNodeStatus(node({ collectedAt: twoMin, pollIntervalMs: 5 * 60_000 }), quiet, now);
    expect(seldom).toMatchObject({ stale: false, level: 'ok', staleAfterMs: 15 * 60_000 });
    expect(isNodeDataStale({ health: 'ok', collectedAt: twoMin, pollIntervalMs: 5 * 60_000 }, now)).toBe(false);
    expect(isNodeDataStale({ health: 'timeout', collectedAt: ago(1000), pollIntervalMs: 5 * 60_000 }, now)).toBe(true);
    expect(isNodeDataStale({ health: 'host-key-unknown', collectedAt: ago(1000), pollIntervalMs: 15_000 }, now)).toBe(false);
  });

  it('is neutral before the first poll and amber while the host key waits for acceptance', () => {
    expect(computeNodeStatus(node({ health: 'never-polled', collectedAt: null }), quiet, now).level).toBe('unknown');
    expect(computeNodeStatus(node({ health: 'host-key-unknown', collectedAt: null }), quiet, now)).toMatchObject({ level: 'warn', headline: 'host key not accepted yet' });
  });

  it('sorts worse nodes above better ones', () => {
    const bad = computeNodeStatus(node({ health: 'unreachable' }), quiet, now).severity;
    const warn = computeNodeStatus(node(), { ...quiet, containersRecent: 2, refusalsRecent: 5 }, now).severity;
    const ok = computeNodeStatus(node(), quiet, now).severity;
    expect(bad).toBeGreaterThan(warn);
    expect(warn).toBeGreaterThan(ok);
  });

  it('words numbers and durations the way people say them', () => {
    expect(sharePercent(0.984)).toBe('98 %');
    expect(sharePercent(0.05)).toBe('5.0 %');
    expect(durationText(45_000)).toBe('45 seconds');
    expect(durationText(25 * 60_000)).toBe('25 minutes');
    expect(durationText(5 * 3600_000)).toBe('5 hours');
    expect(durationText(72 * 3600_000)).toBe('3 days');
  });
});
