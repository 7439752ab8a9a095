import { PARAM_INFO, isQuotaParam, isUbcParam, isVswapParam, type CtLimits, type LimitChange, type LimitParam, type ScalarParam } from '@/vocabulary/limit-param';

/**
 * The limit editor's form, pure: kernel values ↔ the units people type (MiB for pages, KiB or MiB
 * for bytes, GiB for disk space), and the words for a change and its status.
 */

export interface LimitForm {
  param: LimitParam;
  /** Barrier, value, RAM/swap size or soft limit, in the display unit; '' = unlimited where allowed. */
  first: string;
  /** Limit or hard limit in the display unit; '' = unlimited. Unused for single values. */
  second: string;
}

export const isPair = (p: LimitParam) => PARAM_INFO[p].kind === 'ubc' || PARAM_INFO[p].kind === 'quota';
export const unitLabel = (p: LimitParam) => {
  const d = PARAM_INFO[p].display;
  return d === 'count' ? '' : d === 'percent' ? '%' : d;
};

const trimNumber = (v: number) => String(Number(v.toFixed(3)));
const shown = (p: LimitParam, v: number | null) => (v === null ? '' : trimNumber(v / PARAM_INFO[p].perDisplay));

/** Current values as the form shows them. */
export function formOf(change: LimitChange): LimitForm {
  const p = change.param;
  if ('barrier' in change) return { param: p, first: shown(p, change.barrier), second: shown(p, change.limit) };
  if ('soft' in change) return { param: p, first: shown(p, change.soft), second: shown(p, change.hard) };
  if ('bytes' in change) return { param: p, first: shown(p, change.bytes), second: '' };
  return { param: p, first: shown(p, change.value), second: '' };
}

function parse(p: LimitParam, text: string, unlimitedOk: boolean): number | null | string {
  const t = text.trim();
  if (t === '' || t.toLowerCase() === 'unlimited') return unlimitedOk ? null : 'a number is needed';
  if (!/^\d+(\.\d+)?$/.test(t)) return `“${t.slice(0, 20)}” is not a number`;
  return Math.floor(Number(t) * PARAM_INFO[p].perDisplay);
}

/** The form as the change the server takes, or the first reason it is not one. */
export function changeOf(form: LimitForm): LimitChange | { error: string } {
  const p = form.param;
  const ubc = isUbcParam(p);
  const a = parse(p, form.first, ubc);
  if (typeof a === 'string') return { error: a };
  if (ubc || isQuotaParam(p)) {
    const b = parse(p, form.second, ubc);
    if (typeof b === 'string') return { error: b };
    return ubc ? { param: p, barrier: a, limit: b } : { param: p, soft: a!, hard: b! };
  }
  if (isVswapParam(p)) return { param: p, bytes: a! };
  return { param: p as ScalarParam, value: a! };
}

const one = (p: LimitParam, v: number | null | undefined) => {
  if (v === undefined) return '?';
  if (v === null) return 'unlimited';
  const u = unitLabel(p);
  return `${trimNumber(v / PARAM_INFO[p].perDisplay)}${u ? ` ${u}` : ''}`;
};

/** A stored value ({barrier, limit} | {value} | {bytes} | {soft, hard}) in words. */
export function valueText(p: LimitParam, v: Record<string, number | null> | null): string {
  if (!v) return '—';
  if ('barrier' in v) return `${one(p, v.barrier)} : ${one(p, v.limit)}`;
  if ('soft' in v) return `${one(p, v.soft)} soft : ${one(p, v.hard)} hard`;
  if ('bytes' in v) return one(p, v.bytes);
  return one(p, v.value);
}

export type ChangeStatus = 'pending' | 'confirmed' | 'mismatch' | 'failed' | 'applied' | 'observed';

export const STATUS_TEXT: Record<ChangeStatus, string> = {
  pending: 'waiting for the node to confirm',
  confirmed: 'confirmed by the node',
  mismatch: 'the node shows a different value',
  failed: 'refused by the node',
  applied: 'accepted (vzfleet does not read this setting back)',
  observed: 'changed on the node',
};

/** The label of a change's line on a history chart. */
export function markLabel(c: { param: string; source: 'vzfleet' | 'node'; actorLabel: string | null }): string {
  return c.source === 'node' ? `${c.param} changed on the node` : `${c.param} changed by ${c.actorLabel ?? 'vzfleet'}`;
}

/** The beancounter a change moves, for matching it to a chart (ram → physpages). */
export function resourceOfParam(p: string): string | null {
  if (p === 'ram') return 'physpages';
  if (p === 'swap') return 'swappages';
  return isUbcParam(p) ? p : null;
}

/** The form for `param` filled with the CT's current value (empty where vzfleet does not read it). */
export function formOfCurrent(param: LimitParam, current: CtLimits | undefined): LimitForm {
  const empty = { param, first: '', second: '' };
  if (!current) return empty;
  if (isUbcParam(param)) {
    const v = current.ubc[param];
    return v ? formOf({ param, barrier: v.barrier, limit: v.limit }) : empty;
  }
  if (isVswapParam(param)) {
    const v = current.ubc[param === 'ram' ? 'physpages' : 'swappages'];
    return v && v.limit !== null ? formOf({ param, bytes: v.limit * 4096 }) : empty;
  }
  if (isQuotaParam(param)) {
    const q = current[param];
    return q ? formOf({ param, soft: q.soft, hard: q.hard }) : empty;
  }
  const v = current[param as ScalarParam];
  return v === null ? empty : formOf({ param: param as ScalarParam, value: v });
}
