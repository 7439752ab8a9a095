import type { ContainerVerdict } from './container-verdict';
import { clockText, durationText } from './text';

/**
 * Open alarms in the support verdict. An agent should not tell a customer "all fine" while the
 * admins are already working an incident on that container or its node: the verdict says so in
 * plain words, with since when. Pure: typed incidents in, a new verdict out.
 */

export interface VerdictAlarm {
  /** "node": about the node the CT lives on; "ct": about this container. */
  scope: 'node' | 'ct';
  severity: 'info' | 'warning' | 'critical';
  title: string;
  openedAt: Date;
  acknowledged: boolean;
}

/** Info-level incidents (swapping at the RAM limit) are shown to admins, not news for a ticket. */
const WORTH_SAYING = new Set<VerdictAlarm['severity']>(['warning', 'critical']);

function sentence(where: string, alarms: readonly VerdictAlarm[], now: Date): string {
  const first = alarms.reduce((a, b) => (b.openedAt < a.openedAt ? b : a));
  const taken = alarms.every((a) => a.acknowledged) ? ' The admins have acknowledged it.' : '';
  const count = alarms.length === 1 ? 'An alarm is' : `${alarms.length} alarms are`;
  return `${count} open on ${where} since ${clockText(first.openedAt, now)} (${durationText(now.getTime() - first.openedAt.getTime())}).${taken}`;
}

export function withOpenAlarms(verdict: ContainerVerdict, alarms: readonly VerdictAlarm[], nodeName: string, now: Date): ContainerVerdict {
  const said = alarms.filter((a) => WORTH_SAYING.has(a.severity));
  if (said.length === 0) return verdict;
  const ct = said.filter((a) => a.scope === 'ct');
  const node = said.filter((a) => a.scope === 'node');
  const lines = [ct.length ? sentence('this container', ct, now) : null, node.length ? sentence(`its node ${nodeName}`, node, now) : null].filter((l): l is string => l !== null);
  const evidence = said.map((a) => `Open alarm (${a.severity}) since ${clockText(a.openedAt, now)}: ${a.title}${a.acknowledged ? ' — acknowledged' : ''}`);
  return {
    ...verdict,
    // A verdict that looked fine is not fine while an alarm is open on it.
    tone: verdict.tone === 'good' ? 'warn' : verdict.tone,
    routeTo: verdict.routeTo === 'nobody' ? 'admins' : verdict.routeTo,
    message: `${verdict.message} ${lines.join(' ')}`,
    evidence: [...verdict.evidence, ...evidence],
  };
}

