import { clip, type Condition, type Rule } from './types';

/**
 * A CT is being refused a resource: one incident per CT and resource. It opens on the first
 * failcnt increase and resolves only after `quietMinutes` without one (hysteresis), so a counter
 * that grows on every other poll is one incident, not one per poll. Reads the failcnt events the
 * collector stored; only judged after a successful poll (a node down says nothing about its CTs).
 * physpages is the exception in wording and weight: on VSwap its failcnt rises when the CT reached
 * its RAM and swaps, nothing was refused (docs/openvz/FORMULAS.md §1.4), so it says so, at
 * `swapSeverity` (info by default: shown, not sent to channels that take warning and up).
 */
export const failcntRisingRule: Rule = ({ node, now, snapshot, failcntEvents, settings }) => {
  const s = settings.failcntRising;
  if (!snapshot) return { observed: false, conditions: [] };
  if (!s.enabled) return { observed: true, conditions: [] };
  const from = now.getTime() - s.quietMinutes * 60_000;
  const groups = new Map<string, { ctId: string; resource: string; delta: number; last: Date }>();
  for (const e of failcntEvents) {
    if (e.at.getTime() <= from || e.at.getTime() > now.getTime()) continue;
    const k = `${e.ctId}\u0000${e.resource}`;
    const g = groups.get(k);
    if (g) {
      g.delta += e.delta;
      if (e.at > g.last) g.last = e.at;
    } else groups.set(k, { ctId: e.ctId, resource: e.resource, delta: e.delta, last: e.at });
  }
  const conditions: Condition[] = [...groups.values()].map((g) => ({
    key: `ct:${node.id}:${g.ctId}:failcnt:${g.resource}`,
    rule: 'failcnt-rising',
    severity: g.resource === 'physpages' ? s.swapSeverity : s.severity,
    scope: 'ct',
    nodeId: node.id,
    ctId: g.ctId,
    resource: g.resource,
    title:
      g.resource === 'physpages'
        ? `CT ${clip(g.ctId, 64)} on ${clip(node.name, 100)}: at its RAM limit, swapping`
        : `CT ${clip(g.ctId, 64)} on ${clip(node.name, 100)}: ${clip(g.resource, 64)} refused`,
    detail: `failcnt rose by ${g.delta} in the last ${s.quietMinutes} min; last increase ${g.last.toISOString()}`,
    value: g.delta,
  }));
  return { observed: true, conditions };
};
