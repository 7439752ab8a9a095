import { formatPercent, percentOf } from '@/components/format/units';

export interface CpuFigures {
  currentUtilization: number;
  nodePower: number;
  overcommitted: boolean;
}

/** vzcpucheck's figures: promised cpuunits of running CTs against the node's power. */
export function CpuUnits({ cpu }: { cpu: CpuFigures | null }) {
  if (!cpu) return <span className="muted">no data</span>;
  const pct = percentOf(cpu.currentUtilization, cpu.nodePower);
  return (
    <span>
      {cpu.currentUtilization} / {cpu.nodePower} units{pct !== null ? ` (${formatPercent(pct)})` : ''}
      {cpu.overcommitted ? <span className="badge tone-bad inline-badge">overcommitted</span> : null}
    </span>
  );
}
