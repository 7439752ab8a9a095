import { formatPercent, kibToGiBText, percentOf } from '@/components/format/units';
import { UsageBar } from '@/components/ui/usage-bar';
import type { QuotaFigures } from '@/trpc/types';

function QuotaRow({ label, usage, soft, hard, format }: { label: string; usage: number | null; soft: number | null; hard: number | null; format: (n: number) => string }) {
  const show = (n: number | null) => (n === null ? '—' : format(n));
  const pct = usage !== null ? percentOf(usage, soft) : null;
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{show(usage)}</td>
      <td className="num">{show(soft)}</td>
      <td className="num">{show(hard)}</td>
      <td className="bar-cell">
        <UsageBar percent={pct} label={`${label} used of soft limit`} />
        <span className="small">
          {usage === null ? 'not measured' : pct === null ? 'no limit' : `${formatPercent(pct)} of soft limit${pct >= 100 ? ' — over it' : ''}`}
        </span>
      </td>
    </tr>
  );
}

/** vzquota's first-level quota: disk space (KiB, shown in GiB) and inodes. */
export function QuotaPanel({ quota }: { quota: QuotaFigures | null }) {
  if (!quota) return <p className="muted">No disk quota figures in the latest snapshot (quota off, or the CT is not mounted).</p>;
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label="Disk quota">
        <thead>
          <tr>
            <th scope="col">Quota</th>
            <th scope="col" className="num">usage</th>
            <th scope="col" className="num">soft limit</th>
            <th scope="col" className="num">hard limit</th>
            <th scope="col">used</th>
          </tr>
        </thead>
        <tbody>
          <QuotaRow label="Disk space" usage={quota.blocksUsage} soft={quota.blocksSoft} hard={quota.blocksHard} format={kibToGiBText} />
          <QuotaRow label="Inodes" usage={quota.inodesUsage} soft={quota.inodesSoft} hard={quota.inodesHard} format={String} />
        </tbody>
      </table>
    </div>
  );
}
