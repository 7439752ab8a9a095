import type { NodeHealth } from '@/vocabulary/node-health';

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

/** How each poll health reads in the UI: a word (never colour alone) and a tone. */
export const HEALTH_LOOK: Record<NodeHealth, { label: string; tone: Tone; icon: string }> = {
  'never-polled': { label: 'not polled yet', tone: 'neutral', icon: '○' },
  ok: { label: 'ok', tone: 'good', icon: '●' },
  degraded: { label: 'degraded', tone: 'warn', icon: '▲' },
  unreachable: { label: 'unreachable', tone: 'bad', icon: '✕' },
  'auth-failed': { label: 'auth failed', tone: 'bad', icon: '✕' },
  'host-key-unknown': { label: 'host key not accepted', tone: 'warn', icon: '?' },
  'host-key-mismatch': { label: 'host key changed', tone: 'bad', icon: '!' },
  timeout: { label: 'timeout', tone: 'bad', icon: '✕' },
  'parse-error': { label: 'unreadable output', tone: 'bad', icon: '✕' },
  'command-failed': { label: 'command failed', tone: 'bad', icon: '✕' },
};
