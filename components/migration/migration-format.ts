import { ACTIVE_MIGRATION_STATUSES, type MigrationStatus } from '@/vocabulary/migration-status';

/** Display helpers for migration figures (numbers in, text out). */
export function formatCommit(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  return s < 60 ? `${s.toFixed(2)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function durationSeconds(start: Date | null, end: Date | null): number | null {
  if (!start || !end) return null;
  return (end.getTime() - start.getTime()) / 1000;
}

export const OUTCOME_LABEL: Record<string, string> = {
  queued: 'queued',
  running: 'running',
  reconciling: 'reconciling',
  succeeded: 'succeeded',
  'succeeded-with-warnings': 'succeeded with warnings',
  failed: 'failed',
  cancelled: 'cancelled',
} satisfies Record<MigrationStatus, string>;

export function outcomeTone(status: string): string {
  if (status === 'succeeded') return 'tone-good';
  if (status === 'failed') return 'tone-bad';
  if (status === 'succeeded-with-warnings' || status === 'cancelled') return 'tone-warn';
  return '';
}

export function isActive(status: string): boolean {
  return (ACTIVE_MIGRATION_STATUSES as readonly string[]).includes(status);
}
