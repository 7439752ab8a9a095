import { ACTIVE_CT_ACTION_STATUSES, CT_ACTION_LABEL, type CtAction } from '@/vocabulary/ct-action';

/** Display helpers for CT actions and processes (data in, text out). */

/** The confirmation names the CT by id and hostname, so nobody stops the wrong one. */
export function confirmQuestion(action: CtAction, ctId: string, hostname: string | null, fast: boolean): string {
  const who = hostname ? `CT ${ctId} (${hostname})` : `CT ${ctId}`;
  return `${CT_ACTION_LABEL[action]} ${who}${action === 'stop' && fast ? ' at once, killing its processes (--fast)' : ''}?`;
}

export const CT_ACTION_OUTCOME_LABEL: Record<string, string> = {
  running: 'running',
  reconciling: 'checking the outcome',
  succeeded: 'done',
  'succeeded-with-warnings': 'done, with warnings',
  failed: 'failed',
};

export function ctActionTone(status: string): string {
  if (status === 'succeeded') return 'tone-good';
  if (status === 'failed') return 'tone-bad';
  if (status === 'succeeded-with-warnings') return 'tone-warn';
  return '';
}

export function isCtActionActive(status: string): boolean {
  return (ACTIVE_CT_ACTION_STATUSES as readonly string[]).includes(status);
}

/** KiB as people read memory: "812 KiB", "60.4 MiB", "1.74 GiB". */
export function formatKib(kib: number): string {
  if (kib < 1024) return `${kib} KiB`;
  if (kib < 1024 * 1024) return `${(kib / 1024).toFixed(1)} MiB`;
  return `${(kib / 1024 / 1024).toFixed(2)} GiB`;
}

/** CPU time as ps does: [d-]hh:mm:ss. */
export function formatCpuTime(sec: number): string {
  const d = Math.floor(sec / 86400);
  const hms = [Math.floor(sec / 3600) % 24, Math.floor(sec / 60) % 60, sec % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return d > 0 ? `${d}-${hms}` : hms;
}
