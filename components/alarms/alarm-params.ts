/**
 * The /alarms page's state as it lives in the URL (?state=&severity=&node=&incident=), so a view —
 * or one incident, as the links in messages do — can be pasted into chat. Pure: parse and serialise.
 */

/** The tabs; "history" is the resolved incidents. */
export const ALARM_TABS = ['open', 'acknowledged', 'silenced', 'history'] as const;
export type AlarmTab = (typeof ALARM_TABS)[number];

export const TAB_LABEL: Record<AlarmTab, string> = { open: 'Open', acknowledged: 'Acknowledged', silenced: 'Silenced', history: 'History' };

export const SEVERITY_FILTERS = ['', 'critical', 'warning', 'info'] as const;
export type SeverityFilter = (typeof SEVERITY_FILTERS)[number];

export interface AlarmParams {
  state: AlarmTab;
  severity: SeverityFilter;
  node: number | null;
  incident: number | null;
}

export const DEFAULT_ALARM_PARAMS: AlarmParams = { state: 'open', severity: '', node: null, incident: null };

const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T => (v !== null && (values as readonly string[]).includes(v) ? (v as T) : fallback);

/** A positive database id, or null for anything else (junk in a pasted link is ignored, not an error). */
function idOf(v: string | null): number | null {
  if (v === null || !/^[1-9]\d{0,14}$/.test(v)) return null;
  return Number(v);
}

export function parseAlarmParams(sp: { get(name: string): string | null }): AlarmParams {
  return {
    state: oneOf(ALARM_TABS, sp.get('state'), DEFAULT_ALARM_PARAMS.state),
    severity: oneOf(SEVERITY_FILTERS, sp.get('severity'), ''),
    node: idOf(sp.get('node')),
    incident: idOf(sp.get('incident')),
  };
}

/** `?…` without the defaults (or '' when everything is default), in a stable order. */
export function alarmSearch(p: AlarmParams): string {
  const out = new URLSearchParams();
  if (p.state !== DEFAULT_ALARM_PARAMS.state) out.set('state', p.state);
  if (p.severity) out.set('severity', p.severity);
  if (p.node !== null) out.set('node', String(p.node));
  if (p.incident !== null) out.set('incident', String(p.incident));
  const s = out.toString();
  return s ? `?${s}` : '';
}

/** The tab as the alarm.list filter's state. */
export function listStateOf(tab: AlarmTab): 'open' | 'acknowledged' | 'silenced' | 'resolved' {
  return tab === 'history' ? 'resolved' : tab;
}
