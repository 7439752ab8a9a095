import { formatPercent } from '@/components/format/units';
import type { ContainerDetail } from '@/trpc/types';

const pct = (share: number | null) => (share === null ? 'unlimited' : formatPercent(share * 100));

/** The container's share of its node: CPU guarantee (vzcpucheck) and memory (vzmemcheck). */
export function CtFigures({ cpu, memory }: { cpu: ContainerDetail['cpu']; memory: ContainerDetail['memory'] }) {
  return (
    <dl className="figures">
      <dt>CPU guarantee</dt>
      <dd>{cpu ? `${formatPercent(cpu.guaranteedShare * 100)} of the node's power` : '—'}</dd>
      <dt>cpuunits</dt>
      <dd>{cpu ? `${cpu.cpuunits} of ${cpu.nodePower} units` : '—'}</dd>
      <dt>cpulimit</dt>
      <dd>{cpu ? (cpu.cpulimitPercent === null ? 'no limit' : `${cpu.cpulimitPercent} % of one CPU`) : '—'}</dd>
      <dt>Memory promised</dt>
      <dd title="vzmemcheck alloc commit">{memory ? `${pct(memory.allocCommit)} of RAM + swap` : '—'}</dd>
      <dt>Memory allocated</dt>
      <dd title="vzmemcheck alloc util">{memory ? `${pct(memory.allocUtil)} of RAM + swap` : '—'}</dd>
      <dt>May reach</dt>
      <dd title="vzmemcheck alloc limit">{memory ? pct(memory.allocLimit) : '—'}</dd>
    </dl>
  );
}
