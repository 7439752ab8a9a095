import { formatPercent, kibToGiBText, percentOf } from '@/components/format/units';
import type { NodeDetail } from '@/trpc/types';

type Snapshot = NonNullable<NodeDetail['snapshot']>;

/** vzcpucheck and /proc/meminfo figures of the latest snapshot. */
export function NodeFigures({ snapshot }: { snapshot: Snapshot }) {
  const cpu = snapshot.cpu;
  const pct = cpu ? percentOf(cpu.currentUtilization, cpu.nodePower) : null;
  return (
    <div className="cards">
      <section className="card" aria-labelledby="cpu-title">
        <h2 id="cpu-title">CPU guarantees (vzcpucheck)</h2>
        {cpu ? (
          <dl className="figures">
            <dt>Current utilization</dt>
            <dd>{cpu.currentUtilization} units</dd>
            <dt>Node power</dt>
            <dd>{cpu.nodePower} units</dd>
            <dt>Promised share of power</dt>
            <dd>{pct !== null ? formatPercent(pct) : '—'}</dd>
          </dl>
        ) : (
          <p className="muted">vzcpucheck gave no figures.</p>
        )}
        {cpu?.overcommitted ? (
          <p className="warning-line">
            <span aria-hidden="true">⚠ </span>
            <strong>Overcommitted:</strong> the running containers were promised more cpuunits than the node has power.
          </p>
        ) : null}
        <p className="small muted">Σ cpuunits of running containers incl. CT0 — a promise of CPU weight, not current CPU load.</p>
      </section>
      <section className="card" aria-labelledby="mem-title">
        <h2 id="mem-title">Memory</h2>
        <dl className="figures">
          <dt>MemTotal</dt>
          <dd>{snapshot.memTotalKb !== null ? kibToGiBText(snapshot.memTotalKb) : '—'}</dd>
          <dt>SwapTotal</dt>
          <dd>{snapshot.swapTotalKb !== null ? kibToGiBText(snapshot.swapTotalKb) : '—'}</dd>
        </dl>
      </section>
    </div>
  );
}
