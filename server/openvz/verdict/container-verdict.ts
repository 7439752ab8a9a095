import { resourceLabel } from '../formulas/ubc-status';
import { computeNodeStatus, healthWords, type NodeFailures, type NodeState } from './node-status';
import { clockText, durationText, listText, sharePercent, timesText } from './text';
import { DEFAULT_VERDICT_THRESHOLDS, type VerdictThresholds } from './thresholds';

/**
 * The support desk's answer for one container, in words an agent can paste into a ticket. The
 * message never uses beancounter names; they appear in the evidence, next to their plain names.
 * Pure: typed figures in, text out.
 */

export interface VerdictBeancounter {
  resource: string;
  held: number;
  barrier: number | null;
  limit: number | null;
}

export interface VerdictFailcntEvent {
  resource: string;
  /** Refusals since the previous poll. */
  delta: number;
  at: Date;
}

export interface ContainerVerdictInput {
  ct: { ctId: string; status: string; present: boolean; lastSeenAt: Date | null };
  /** The CT's rows in the node's latest snapshot (empty when stopped). */
  beancounters: readonly VerdictBeancounter[];
  /** The CT's failcnt increases in the last hour. */
  events: readonly VerdictFailcntEvent[];
  node: NodeState;
  nodeFailures: NodeFailures;
  now: Date;
  thresholds?: VerdictThresholds;
}

export type VerdictKind = 'healthy' | 'own-limits' | 'node-pressure' | 'outage' | 'no-data' | 'stopped' | 'gone';

export interface ContainerVerdict {
  kind: VerdictKind;
  tone: 'good' | 'warn' | 'bad';
  title: string;
  message: string;
  /** Who acts on it: the customer (their plan or their software), the admins, or nobody. */
  routeTo: 'customer' | 'admins' | 'nobody';
  evidence: string[];
}

/** Barrier and limit of these are guarantees, not walls: holding more is not a problem. */
const GUARANTEES = new Set(['vmguarpages', 'oomguarpages']);

type Group = 'processes' | 'memory' | 'network connections' | 'open files' | 'firewall rules' | 'other limits';
const GROUP: Record<string, Group> = {
  numproc: 'processes',
  privvmpages: 'memory', physpages: 'memory', vmguarpages: 'memory', oomguarpages: 'memory', kmemsize: 'memory',
  shmpages: 'memory', lockedpages: 'memory', swappages: 'memory',
  numtcpsock: 'network connections', numothersock: 'network connections', tcpsndbuf: 'network connections',
  tcprcvbuf: 'network connections', othersockbuf: 'network connections', dgramrcvbuf: 'network connections',
  numfile: 'open files', numflock: 'open files', dcachesize: 'open files', numpty: 'open files', numsiginfo: 'open files',
  numiptent: 'firewall rules',
};
const groupOf = (resource: string): Group => GROUP[resource] ?? 'other limits';

const ADVICE: Record<Group, string> = {
  processes: 'something is forking',
  memory: 'an application is using ever more memory',
  'network connections': 'a traffic spike or a connection leak',
  'open files': 'an application keeps too many files open',
  'firewall rules': 'the firewall has too many rules',
  'other limits': 'an application needs more than the plan allows',
};

/** Why the figures are old, as the second half of "No data for 25 minutes — …". */
const OUTAGE_WHY: Record<string, string> = {
  unreachable: 'the node is unreachable',
  timeout: 'the node does not answer',
  'auth-failed': 'the node refuses vzfleet’s SSH key',
  'host-key-mismatch': 'the node’s SSH host key changed and vzfleet stopped collecting',
  'parse-error': 'vzfleet cannot read what the node’s tools print',
  'command-failed': 'a command fails on the node',
};

const named = (resource: string) => `${resource} (${resourceLabel(resource)})`;

/** held as a share of the barrier (barrier 0 → the limit, as vzubc does); null when unlimited. */
export function heldShare(bc: VerdictBeancounter): number | null {
  const wall = bc.barrier === 0 ? bc.limit : bc.barrier;
  return wall === null || wall <= 0 ? null : bc.held / wall;
}

interface LimitFinding {
  resource: string;
  refusals: number;
  share: number | null;
  text: string;
}

function ownLimitFindings(input: ContainerVerdictInput, t: VerdictThresholds): { hit: LimitFinding[]; near: LimitFinding[] } {
  const refusals = new Map<string, number>();
  for (const e of input.events) refusals.set(e.resource, (refusals.get(e.resource) ?? 0) + e.delta);
  const shares = new Map(input.beancounters.filter((b) => !GUARANTEES.has(b.resource)).map((b) => [b.resource, heldShare(b)]));
  const hit: LimitFinding[] = [];
  const near: LimitFinding[] = [];
  for (const [resource, n] of [...refusals].sort((a, b) => b[1] - a[1])) {
    hit.push({ resource, refusals: n, share: shares.get(resource) ?? null, text: `${named(resource)} reached its limit ${timesText(n)} in the last hour` });
  }
  const byShare = [...shares].filter((e): e is [string, number] => e[1] !== null).sort((a, b) => b[1] - a[1]);
  for (const [resource, share] of byShare) {
    if (refusals.has(resource)) continue;
    const text = `${named(resource)} at ${sharePercent(share)} of its barrier`;
    if (share >= t.atLimitShare) hit.push({ resource, refusals: 0, share, text });
    else if (share >= t.nearShare) near.push({ resource, refusals: 0, share, text: `${text} (close to it)` });
  }
  return { hit, near };
}

function dataLine(input: ContainerVerdictInput): string {
  const at = input.node.collectedAt;
  return at ? `data from ${clockText(at, input.now)} (${durationText(input.now.getTime() - at.getTime())} ago), node ${input.node.name}` : `no data collected yet from node ${input.node.name}`;
}

export function computeContainerVerdict(input: ContainerVerdictInput): ContainerVerdict {
  const t = input.thresholds ?? DEFAULT_VERDICT_THRESHOLDS;
  const { node, now, ct } = input;
  const status = computeNodeStatus(node, input.nodeFailures, now, t);

  if (!ct.present) {
    const seen = ct.lastSeenAt ? ` since ${clockText(ct.lastSeenAt, now)}` : '';
    return {
      kind: 'gone', tone: 'warn', title: 'Not on this node any more', routeTo: 'admins',
      message: `Container ${ct.ctId} is no longer listed on node ${node.name}${seen}: it was migrated or destroyed. Ask the admins where it went.`,
      evidence: [ct.lastSeenAt ? `last seen on ${node.name} at ${clockText(ct.lastSeenAt, now)}` : `not listed by node ${node.name}`],
    };
  }
  if (status.stale) {
    if (node.collectedAt === null && (node.health === 'never-polled' || node.health === 'host-key-unknown')) {
      return {
        kind: 'no-data', tone: 'warn', title: 'No data yet', routeTo: 'nobody',
        message: `vzfleet has no figures for node ${node.name} yet. Try again in a minute; if it stays like this, tell the admins.`,
        evidence: [`node ${node.name}: ${healthWords(node.health)}`],
      };
    }
    const forHow = node.collectedAt ? `No data for ${durationText(now.getTime() - node.collectedAt.getTime())}` : 'No data at all';
    const why = OUTAGE_WHY[node.health] ?? 'vzfleet has not heard from the node';
    const since = node.healthSince && node.health !== 'ok' ? ` (since ${clockText(node.healthSince, now)})` : '';
    const evidence = [`node ${node.name}: ${status.headline}${since}`];
    if (node.lastErrorText) evidence.push(`last error: ${node.lastErrorText}`);
    evidence.push(dataLine(input));
    return {
      kind: 'outage', tone: 'bad', title: 'Outage — not a customer problem', routeTo: 'admins',
      message: `${forHow} — ${why}. This is an outage, not a customer problem: tell the admins.`,
      evidence,
    };
  }
  if (ct.status !== 'running') {
    return {
      kind: 'stopped', tone: 'bad', title: `The container is ${ct.status}`, routeTo: 'customer',
      message: `The container is ${ct.status}, so nothing in it answers. If the customer did not stop it, tell the admins.`,
      evidence: [`status on node ${node.name}: ${ct.status}`, dataLine(input)],
    };
  }

  const { hit, near } = ownLimitFindings(input, t);
  const pressureEvidence = status.pressure.map((p) => `node ${node.name}: ${p.plain} — ${p.evidence}`);
  if (hit.length > 0) {
    const groups = [...new Set(hit.map((h) => groupOf(h.resource)))];
    // The groups in order of refusals; the two likeliest causes besides a plan that is too small.
    const causes = ['The plan is too small for what runs in it', ...new Set(groups.map((g) => ADVICE[g]))].slice(0, 3);
    const also = status.pressure.length > 0 ? ` The node is also under pressure (${listText(status.pressure.map((p) => p.plain))}) — tell the admins too.` : '';
    return {
      kind: 'own-limits', tone: 'bad', title: 'Hitting its own limits', routeTo: 'customer',
      message: `The container keeps running into the limits of its plan (${listText(groups)}). ${causes.join(', or ')}.${also}`,
      evidence: [...hit.map((h) => h.text), ...near.map((n) => n.text), ...pressureEvidence, dataLine(input)],
    };
  }
  if (status.pressure.length > 0) {
    return {
      kind: 'node-pressure', tone: 'warn', title: 'The node is under pressure', routeTo: 'admins',
      message: `The container is fine; the node it lives on is under pressure (${listText(status.pressure.map((p) => p.plain))}). This goes to the admins, not back to the customer.`,
      evidence: [...pressureEvidence, 'no limits of its own reached in the last hour', ...near.map((n) => n.text), dataLine(input)],
    };
  }
  const top = [...input.beancounters]
    .filter((b) => !GUARANTEES.has(b.resource))
    .map((b) => ({ b, share: heldShare(b) }))
    .filter((x): x is { b: VerdictBeancounter; share: number } => x.share !== null)
    .sort((a, b) => b.share - a.share)[0];
  return {
    kind: 'healthy', tone: near.length > 0 ? 'warn' : 'good', title: 'Healthy', routeTo: 'nobody',
    message:
      near.length > 0
        ? `The container is within its limits and its node is not under pressure, but it is close to a limit (${listText(near.map((n) => resourceLabel(n.resource)))}). If the customer sees errors, the cause is likely inside the container.`
        : 'The container is within its limits and its node is not under pressure. If the customer sees errors, the cause is likely inside the container (application, configuration).',
    evidence: [
      'no limits reached in the last hour',
      ...(near.length > 0 ? near.map((n) => n.text) : top ? [`highest: ${named(top.b.resource)} at ${sharePercent(top.share)} of its barrier`] : []),
      dataLine(input),
    ],
  };
}

/** The verdict as plain text for a ticket: who, what, the evidence, and when it was checked. */
export function formatVerdictText(v: ContainerVerdict, who: { ctId: string; hostname: string | null; nodeName: string }, now: Date): string {
  const head = `CT ${who.ctId}${who.hostname ? ` (${who.hostname})` : ''} on node ${who.nodeName} — checked ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return [head, `${v.title}: ${v.message}`, 'Evidence:', ...v.evidence.map((e) => `- ${e}`)].join('\n');
}
