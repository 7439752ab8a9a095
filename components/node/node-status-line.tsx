import { formatPercent } from '@/components/format/units';
import { LevelBadge } from '@/components/ui/level-badge';
import type { NodeDetail } from '@/trpc/types';

/** The overview's verdict on this node, with its reasons and the figures behind them. */
export function NodeStatusLine({ status }: { status: NonNullable<NodeDetail['status']> }) {
  const m = status.memory;
  const f = status.failures;
  return (
    <section className="node-status" aria-label="Node status">
      <LevelBadge level={status.level} />
      <div>
        <p className="node-status-headline">{status.level === 'ok' ? 'No pressure, no container hitting its limits.' : status.reasons.join(' · ')}</p>
        <p className="small muted">
          {m ? `memory commitment ${formatPercent(m.commitment * 100)} (${m.model === 'vzoversell' ? 'vzoversell RAM + swap' : 'vzmemcheck alloc commit'}), in use ${formatPercent(m.memswapUtil * 100)}` : 'memory unknown'}
          {status.disk?.share != null ? ` · disk quotas ${formatPercent(status.disk.share * 100)} used` : ''}
          {` · ${f.refusals1h} refusal${f.refusals1h === 1 ? '' : 's'} in the last hour in ${f.containers1h} CT${f.containers1h === 1 ? '' : 's'}`}
        </p>
      </div>
    </section>
  );
}
