/**
 * vzquota stat/show tables (FORMATS §6) and /proc/vz/vzquota (§5). Grace: empty under the
 * softlimit, `none` once expired, `<N>days` with a day or more left, else `hh:mm`.
 */
import type { SimContainer, SimNodeModel, SimQuota } from '../world/model';

export const VZQUOTA_HEADER = '   resource          usage       softlimit      hardlimit    grace';
export const VZQUOTA_WARNING_RUNNING =
  'vzquota : (warning) Quota is running, so data reported from quota file may not reflect current values\n';
export const VZQUOTA_ERROR_OFF = 'vzquota : (error) Quota accounting is off, try vzquota show id\n\n';
export const VZQUOTA_ERROR_NO_FILE = 'vzquota : (error) Quota file must exist for show command\n';

/** simfs CTs have a vzquota (a quota file); ploop CTs do not. */
export function hasQuota(ct: SimContainer): boolean {
  return ct.layout === 'simfs';
}

/** The kernel quota is on while the simfs CT is running or mounted. */
export function quotaOn(ct: SimContainer): boolean {
  return hasQuota(ct) && (ct.status === 'running' || ct.status === 'mounted');
}

export function graceText(q: SimQuota, nowMs: number): string {
  if (q.usage <= q.softlimit || q.graceEndsAtMs === null) return '';
  const left = Math.floor((q.graceEndsAtMs - nowMs) / 1000);
  if (left <= 0) return 'none';
  if (left >= 86400) return `${Math.floor(left / 86400)}days`;
  const hh = String(Math.floor(left / 3600)).padStart(2, '0');
  const mm = String(Math.floor((left % 3600) / 60)).padStart(2, '0');
  return `${hh}:${mm}`;
}

function overLimit(q: SimQuota): string {
  return (q.softlimit && q.usage > q.softlimit) || (q.hardlimit && q.usage > q.hardlimit) ? '*' : ' ';
}

function quotaRow(name: string, q: SimQuota, nowMs: number): string {
  const n = (v: number) => String(v).padStart(14);
  return `${name.padStart(11)} ${n(q.usage)}${overLimit(q)} ${n(q.softlimit)} ${n(q.hardlimit)} ${graceText(q, nowMs).padStart(8)}`;
}

/** The three-line table of `vzquota stat|show <id>` (stdout). */
export function renderVzquotaTable(ct: SimContainer, model: SimNodeModel): string {
  return [VZQUOTA_HEADER, quotaRow('1k-blocks', ct.diskspace, model.timeMs), quotaRow('inodes', ct.diskinodes, model.timeMs)]
    .map((l) => `${l}\n`)
    .join('');
}

/** Epoch seconds at which the grace period ends (0 = none), for batch mode and /proc/vz/vzquota. */
function graceDeadline(q: SimQuota, model: SimNodeModel, epochMs: number): number {
  if (q.usage <= q.softlimit || q.graceEndsAtMs === null) return 0;
  return Math.floor((epochMs + q.graceEndsAtMs - model.timeMs) / 1000);
}

/** `vzquota -b stat <id>`: usage soft hard grace-deadline expire, each R14; blocks then inodes. */
export function renderVzquotaBatch(ct: SimContainer, model: SimNodeModel, epochMs: number): string {
  const line = (q: SimQuota) =>
    [q.usage, q.softlimit, q.hardlimit, graceDeadline(q, model, epochMs), ct.quotaTimeSec].map((v) => String(v).padStart(14)).join(' ');
  return `${line(ct.diskspace)}\n${line(ct.diskinodes)}\n`;
}

export function renderProcVzquota(model: SimNodeModel, epochMs: number): string {
  const out = [`${'qid: path'.padEnd(11)}${['usage', 'softlimit', 'hardlimit'].map((h) => h.padStart(15)).join('')}${'time'.padStart(11)}${'expire'.padStart(11)}`];
  for (const ct of model.containers) {
    if (!quotaOn(ct)) continue;
    out.push(`${ct.ctid}: /vz/private/${ct.ctid}`);
    for (const [name, q] of [['1k-blocks', ct.diskspace], ['inodes', ct.diskinodes]] as const) {
      const nums = [q.usage, q.softlimit, q.hardlimit].map((v) => String(v).padStart(15)).join('');
      out.push(`${name.padStart(11)}${nums}${String(graceDeadline(q, model, epochMs)).padStart(11)}${String(ct.quotaTimeSec).padStart(11)}`);
    }
  }
  return out.map((l) => `${l}\n`).join('');
}
