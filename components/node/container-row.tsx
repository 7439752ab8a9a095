import Link from 'next/link';
import { formatMiB, formatPercent, pagesToMiB, percentOf } from '@/components/format/units';
import { FreeText } from '@/components/ui/free-text';
import { LimitText } from '@/components/ui/limit-text';
import type { ContainerRow as Row } from '@/trpc/types';

const mib = (pages: number) => formatMiB(pagesToMiB(pages));

export function ContainerRow({ nodeId, ct }: { nodeId: number; ct: Row }) {
  const priv = ct.privvmpages;
  const privPct = priv ? percentOf(priv.held, priv.barrier) : null;
  return (
    <tr className={ct.failcntTotal > 0 ? 'row-failing' : undefined}>
      <th scope="row">
        <Link href={`/nodes/${nodeId}/ct/${ct.ctId}`} prefetch={false}>
          {ct.ctId}
        </Link>
      </th>
      <td className="hostname">
        {ct.hostname !== null ? <FreeText value={ct.hostname} clip /> : <span className="muted">—</span>}
        {ct.name ? (
          <span className="human">
            <FreeText value={ct.name} clip />
          </span>
        ) : null}
        {ct.fieldsUnreadable ? <span className="badge tone-warn inline-badge">fields unreadable</span> : null}
      </td>
      <td>
        <span className={ct.status === 'running' ? 'status status-running' : 'status'}>{ct.status}</span>
      </td>
      <td className="mono small">{ct.ips.join(', ')}</td>
      <td className="num">
        {ct.numproc ? (
          <>
            {ct.numproc.held} / <LimitText value={ct.numproc.limit} />
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="num">
        {priv ? (
          <>
            {mib(priv.held)} / <LimitText value={priv.barrier} format={mib} />
            {privPct !== null ? <span className="muted"> ({formatPercent(privPct)})</span> : null}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="num">{ct.allocCommit !== null ? formatPercent(ct.allocCommit * 100) : <span className="muted" title={ct.status === 'running' ? 'unlimited' : 'not running'}>—</span>}</td>
      <td className="num">{ct.failcntTotal > 0 ? <strong className="failcnt" title="failcnt summed over all beancounters"><span aria-hidden="true">⚠ </span>{ct.failcntTotal}</strong> : '0'}</td>
    </tr>
  );
}
