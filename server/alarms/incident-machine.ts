import type { AlarmScope, AlarmSeverity } from '../../db/schema-alarm';
import type { RulesOutcome } from './rules';
import type { Condition, RuleId } from './rules/types';

/** An incident still open, as the machine needs it. */
export interface OpenIncidentState {
  id: number;
  key: string;
  rule: RuleId;
  severity: AlarmSeverity;
  scope: AlarmScope;
  title: string;
  detail: string;
  value: number | null;
}

/** A condition seen but not yet old enough to open (see alarm_pending). */
export interface PendingState {
  key: string;
  rule: RuleId;
  since: Date;
  polls: number;
}

export interface Evaluation {
  /** New incidents: one per key, opened once. */
  open: Condition[];
  /** Open incidents whose severity, title, detail or value changed. */
  update: { id: number; condition: Condition; severityChanged: boolean }[];
  /** Open incidents whose condition is gone (for rules that could judge this time). */
  resolve: OpenIncidentState[];
  /** Open incidents that still hold, changed or not (their last-seen time moves). */
  seen: number[];
  /** The node's pending conditions after this evaluation: replaces the stored list. */
  pending: PendingState[];
}

/**
 * Incidents, not events: from the open incidents, the pending conditions and what the rules see
 * now, decide what opens, what changes and what resolves. Pure, so restarts and several
 * instances only need the stored state to agree.
 * - An incident opens once a condition held for its `forPolls` consecutive evaluations and its
 *   `forMs`; until then it is pending. A condition that stops holding forgets its count.
 * - It updates while it lasts and resolves once, when its rule judged and no longer sees it.
 * - Rules without fresh data (not `observed`) neither open nor resolve anything: a node that
 *   cannot be polled does not resolve its CTs' alarms, and its pending counts wait.
 */
export function evaluateIncidents(open: readonly OpenIncidentState[], pending: readonly PendingState[], outcome: RulesOutcome, now: Date): Evaluation {
  const openByKey = new Map(open.map((i) => [i.key, i]));
  const pendingByKey = new Map(pending.map((p) => [p.key, p]));
  const current = new Map<string, Condition>();
  for (const c of outcome.conditions) if (!current.has(c.key)) current.set(c.key, c);

  const out: Evaluation = { open: [], update: [], resolve: [], seen: [], pending: [] };
  for (const c of current.values()) {
    const inc = openByKey.get(c.key);
    if (inc) {
      out.seen.push(inc.id);
      if (inc.severity !== c.severity || inc.title !== c.title || inc.detail !== c.detail || inc.value !== c.value || inc.rule !== c.rule) {
        out.update.push({ id: inc.id, condition: c, severityChanged: inc.severity !== c.severity });
      }
      continue;
    }
    const prev = pendingByKey.get(c.key);
    const p: PendingState = prev ? { ...prev, rule: c.rule, polls: prev.polls + 1 } : { key: c.key, rule: c.rule, since: now, polls: 1 };
    if (p.polls >= (c.forPolls ?? 1) && now.getTime() - p.since.getTime() >= (c.forMs ?? 0)) out.open.push(c);
    else out.pending.push(p);
  }
  for (const inc of open) {
    if (!current.has(inc.key) && outcome.observed.has(inc.rule)) out.resolve.push(inc);
  }
  for (const p of pending) {
    if (!current.has(p.key) && !outcome.observed.has(p.rule)) out.pending.push(p);
  }
  return out;
}
