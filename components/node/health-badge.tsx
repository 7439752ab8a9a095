import type { NodeHealth } from '@/vocabulary/node-health';
import { HEALTH_LOOK } from './health';

export function HealthBadge({ health }: { health: NodeHealth }) {
  const look = HEALTH_LOOK[health];
  return (
    <span className={`badge tone-${look.tone}`} data-health={health}>
      <span aria-hidden="true">{look.icon}</span> {look.label}
    </span>
  );
}
