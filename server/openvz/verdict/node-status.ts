import { OUTAGE_HEALTH, type NodeHealth } from '../../../vocabulary/node-health';
import { DEFAULT_VERDICT_THRESHOLDS, type VerdictThresholds } from './thresholds';
import { computeStaleAfterMs, isDataTooOld } from './staleness';
import { clockText, durationText, sharePercent } from './text';

/**
 * How a node stands, in words: what the fleet overview, the wall screen and the support desk say
 * about it. Pure: figures in (already computed by the formulas), level and sentences out.
 */

/** The node's latest figures as fractions (1 = 100 %); null when not known. */
export interface NodeFigures {
  /**
   * What the containers were promised / (RAM + swap): vzmemcheck's Summary "Alloc commit", or on
   * VSwap nodes vzoversell's RAM + swap (see memorySource).
   */
  memoryCommit: number | null;
  /** vzmemcheck Summary "MemSwap util": RAM + swap in use / (RAM + swap). */
  memoryInUse: number | null;
  /** The tool whose figure memoryCommit is; default vzmemcheck. */
  memorySource?: 'vzmemcheck' | 'vzoversell';
  /** vzcpucheck: Σ cpuunits of the running CTs / node power. */
  cpuCommitted: number | null;
  /** Σ disk quota usage / Σ hard limits of the containers. */
  diskUsed: number | null;
}

export interface NodeState {
  name: string;
  /** The last poll's outcome (a NodeHealth, read back from a text column). */
  health: string;
  healthSince: Date | null;
  lastErrorText: string | null;
  /** When the newest stored snapshot was taken; null = never. */
  collectedAt: Date | null;
  /** This node's poll interval (its own, or the fleet default): staleness is measured in polls. */
  pollIntervalMs: number;
  figures: NodeFigures;
}

/** failcnt increases on the node, from the failcnt_events table. */
export interface NodeFailures {
  /** Refusals (Σ delta) and containers in the last hour. */
  refusals1h: number;
  containers1h: number;
  /** The same over the recent window (a few minutes): is it still going on? */
  refusalsRecent: number;
  containersRecent: number;
}

export type NodeLevel = 'ok' | 'warn' | 'bad' | 'unknown';

export interface PressureFinding {
  figure: keyof NodeFigures;
  value: number;
  /** For anyone: "memory commitment 240 %". */
  plain: string;
  /** For the record: which tool's figure, and the line it crossed. */
  evidence: string;
}

export interface NodeStatus {
  level: NodeLevel;
  /** One short line for a tile: "unreachable for 25 minutes", "memory commitment 240 %", "ok". */
  headline: string;
  reasons: string[];
  /** No usable current figures (outage health, or the newest data is older than staleAfterMs). */
  stale: boolean;
  /** Age at which this node's data counts as stale: a few of its own poll intervals. */
  staleAfterMs: number;
  dataAgeMs: number | null;
  pressure: PressureFinding[];
  /** For sorting: higher is worse. */
  severity: number;
}

export function computeNodePressure(f: NodeFigures, t: VerdictThresholds = DEFAULT_VERDICT_THRESHOLDS): PressureFinding[] {
  const out: PressureFinding[] = [];
  if (f.memoryInUse !== null && f.memoryInUse >= t.memoryInUse) {
    const v = sharePercent(f.memoryInUse);
    out.push({ figure: 'memoryInUse', value: f.memoryInUse, plain: `memory in use at ${v} of RAM + swap`, evidence: `vzmemcheck memswap util ${v} (line: ${sharePercent(t.memoryInUse)})` });
  }
  if (f.memoryCommit !== null && f.memoryCommit >= t.memoryCommit) {
    const v = sharePercent(f.memoryCommit);
    const tool = f.memorySource === 'vzoversell' ? 'vzoversell RAM + swap limits' : 'vzmemcheck alloc commit';
    out.push({ figure: 'memoryCommit', value: f.memoryCommit, plain: `memory commitment ${v}`, evidence: `${tool} ${v} of RAM + swap (line: ${sharePercent(t.memoryCommit)})` });
  }
  if (f.cpuCommitted !== null && f.cpuCommitted > t.cpuCommitted) {
    const v = sharePercent(f.cpuCommitted);
    out.push({ figure: 'cpuCommitted', value: f.cpuCommitted, plain: `CPU guarantees oversold (${v} of the node's power)`, evidence: `vzcpucheck: Σ cpuunits of running containers = ${v} of node power` });
  }
  if (f.diskUsed !== null && f.diskUsed >= t.diskUsed) {
    const v = sharePercent(f.diskUsed);
    out.push({ figure: 'diskUsed', value: f.diskUsed, plain: `disk nearly full (${v} of the containers' quotas used)`, evidence: `Σ vzquota usage / Σ hard limit = ${v} (line: ${sharePercent(t.diskUsed)})` });
  }
  return out;
}

const HEALTH_WORDS: Record<Exclude<NodeHealth, 'ok'>, string> = {
  unreachable: 'unreachable',
  'auth-failed': 'refuses vzfleet’s SSH key',
  'host-key-unknown': 'host key not accepted yet',
  'host-key-mismatch': 'host key changed',
  timeout: 'not answering (timeout)',
  'parse-error': 'output vzfleet cannot read',
  'command-failed': 'a command failed on the node',
  degraded: 'partly collected',
  'never-polled': 'not polled yet',
};

export function healthWords(health: string): string {
  return (HEALTH_WORDS as Record<string, string>)[health] ?? health;
}

export function computeNodeStatus(
  node: NodeState,
  failures: NodeFailures,
  now: Date,
  t: VerdictThresholds = DEFAULT_VERDICT_THRESHOLDS,
): NodeStatus {
  const dataAgeMs = node.collectedAt ? Math.max(0, now.getTime() - node.collectedAt.getTime()) : null;
  const reasons: string[] = [];
  const since = node.healthSince ? ` for ${durationText(now.getTime() - node.healthSince.getTime())}` : '';
  const outage = OUTAGE_HEALTH.has(node.health) && node.health !== 'host-key-unknown';
  const staleAfterMs = computeStaleAfterMs(node.pollIntervalMs, t);
  const tooOld = node.collectedAt !== null && isDataTooOld(node.collectedAt, now, node.pollIntervalMs, t);
  const stale = isNodeDataStale(node, now, t);
  const pressure = stale ? [] : computeNodePressure(node.figures, t);
  const storm = failures.containersRecent >= t.stormContainers || failures.refusalsRecent >= t.stormRefusals;

  let level: NodeLevel = 'ok';
  let headline = 'ok';
  if (node.health === 'never-polled' || (node.health === 'host-key-unknown' && node.collectedAt === null)) {
    level = node.health === 'never-polled' ? 'unknown' : 'warn';
    headline = healthWords(node.health);
    reasons.push(headline);
  } else if (outage) {
    level = 'bad';
    headline = `${healthWords(node.health)}${since}`;
    reasons.push(headline);
    if (node.lastErrorText) reasons.push(node.lastErrorText);
  } else if (node.collectedAt === null) {
    level = 'unknown';
    headline = 'no data yet';
    reasons.push(headline);
  } else if (tooOld) {
    level = 'bad';
    headline = `no fresh data for ${durationText(dataAgeMs!)}`;
    reasons.push(`${headline} (last at ${clockText(node.collectedAt, now)})`);
  }
  if (!stale) {
    if (storm) {
      level = 'bad';
      headline = `failcnt storm: ${failures.containersRecent} CTs hitting limits`;
    }
    const failing = `${failures.containersRecent} CT${failures.containersRecent === 1 ? '' : 's'} hitting limits`;
    if (failures.containersRecent > 0) reasons.push(`${failing} now (${failures.refusalsRecent} refusals in ${Math.round(t.recentMs / 60_000)} min)`);
    for (const p of pressure) reasons.push(p.plain);
    if (node.health === 'degraded') reasons.push(healthWords('degraded'));
    if (level === 'ok' && (pressure.length > 0 || failures.containersRecent > 0 || node.health === 'degraded')) {
      level = 'warn';
      headline = pressure[0]?.plain ?? (failures.containersRecent > 0 ? failing : healthWords('degraded'));
    }
  }
  const base = { bad: 3000, warn: 2000, unknown: 1000, ok: 0 }[level];
  const severity = base + Math.min(999, reasons.length * 100 + failures.containersRecent * 10 + Math.min(9, failures.refusalsRecent));
  return { level, headline, reasons, stale, staleAfterMs, dataAgeMs, pressure, severity };
}

/**
 * Whether a node's figures can be shown as current: not after an outage-type poll, not when there
 * are none, not when the newest is older than a few of the node's own poll intervals.
 */
export function isNodeDataStale(node: Pick<NodeState, 'health' | 'collectedAt' | 'pollIntervalMs'>, now: Date, t: VerdictThresholds = DEFAULT_VERDICT_THRESHOLDS): boolean {
  const outage = OUTAGE_HEALTH.has(node.health) && node.health !== 'host-key-unknown';
  return outage || isDataTooOld(node.collectedAt, now, node.pollIntervalMs, t);
}
