export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

const LABEL = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…' } as const;

/** Whether the page follows the fleet by itself. */
export function LiveStatusBadge({ status }: { status: LiveStatus }) {
  return (
    <span className={`live-indicator live-${status}`} role="status" aria-live="polite" title="Updates arrive by themselves after each poll">
      <span aria-hidden="true">●</span> {LABEL[status]}
    </span>
  );
}
