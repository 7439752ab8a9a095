'use client';

import { useLiveUpdates } from './use-live-updates';

const LABEL = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…' } as const;

/** Keeps the page following the fleet and says whether it does. */
export function LiveIndicator() {
  const status = useLiveUpdates();
  return (
    <span className={`live-indicator live-${status}`} role="status" aria-live="polite" title="Updates arrive by themselves after each poll">
      <span aria-hidden="true">●</span> {LABEL[status]}
    </span>
  );
}
