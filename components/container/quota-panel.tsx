import { formatPercent, kibToGiBText } from '@/components/format/units';
import { UsageBar } from '@/components/ui/usage-bar';
import type { ContainerDetail, QuotaFigures } from '@/trpc/types';

type Use = NonNullable<NonNullable<ContainerDetail['quotaUse']>['blocks']>;

function stateText(use: Use): string {
  if (use.atHard) return 'at the hard limit — writes fail';
  if (use.overSoft) return use.grace === 'expired' ? 'over the soft limit, grace period over — writes fail' : 'over the soft limit — grace period running, writes fail at the hard limit or when it ends';
  return 'within the soft limit';
}

function QuotaRow({ label, usage, soft, hard, use, format }: { label: string; usage: number | null; soft: number | null; hard: number | null; use: Use | null; format: (n: number) => string }) {
  const show = (n: number | null) => (n === null || n === 0 ? 'none' : format(n));
  // The bar runs to the hard limit (where writes fail); the text says where the soft limit is.
  const ofHard = use?.ofHard != null ? use.ofHard * 100 : null;
  const ofSoft = use?.ofSoft != null ? use.ofSoft * 100 : null;
  return (
    <tr data-level={use?.atHard ? 'limit' : use?.overSoft ? 'near' : 'ok'}>
      <th scope="row">{label}</th>
      <td className="num">{usage === null ? '—' : format(usage)}</td>
      <td className="num">{show(soft)}</td>
      <td className="num">{show(hard)}</td>
      <td className="bar-cell">
        <UsageBar percent={ofHard ?? ofSoft} label={`${label} used of ${ofHard !== null ? 'hard' : 'soft'} limit`} softAt={ofHard !== null && soft && hard ? (soft / hard) * 100 : null} />
        <span className="small">
          {use === null ? 'not measured' : ofSoft === null && ofHard === null ? 'no limit' : `${ofSoft !== null ? `${formatPercent(ofSoft)} of soft` : ''}${ofSoft !== null && ofHard !== null ? ', ' : ''}${ofHard !== null ? `${formatPercent(ofHard)} of hard` : ''}`}
        </span>
        {use ? (
          <span className={`level level-${use.atHard ? 'limit' : use.overSoft ? 'near' : 'ok'} small quota-state`}>{stateText(use)}</span>
        ) : null}
      </td>
    </tr>
  );
}

/** vzquota's first-level quota: disk space (KiB, shown in GiB) and inodes, with soft, hard and grace. */
export function QuotaPanel({ quota, use }: { quota: QuotaFigures | null; use: ContainerDetail['quotaUse'] }) {
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
          <QuotaRow label="Disk space" usage={quota.blocksUsage} soft={quota.blocksSoft} hard={quota.blocksHard} use={use?.blocks ?? null} format={kibToGiBText} />
          <QuotaRow label="Inodes" usage={quota.inodesUsage} soft={quota.inodesSoft} hard={quota.inodesHard} use={use?.inodes ?? null} format={(n) => n.toLocaleString('en')} />
        </tbody>
      </table>
      <p className="small muted table-note">Past the soft limit, writes still succeed for the grace period (vzquota&apos;s default: 10 days), then fail; they always fail at the hard limit.</p>
    </div>
  );
}
