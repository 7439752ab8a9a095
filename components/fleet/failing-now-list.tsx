import Link from 'next/link';
import { formatAge } from '@/components/format/age';
import { humanValue } from '@/components/container/beancounter-view';
import type { FailingEntry } from '@/trpc/types';

const value = (resource: string, v: number | null) => (v === null ? '∞' : (humanValue(resource, v) ?? String(v)));

/** "Who is failing now": each container × resource whose failcnt rose, newest first. */
export function FailingNowList({ entries, nowMs, limit }: { entries: FailingEntry[]; nowMs: number; limit?: number }) {
  const shown = limit ? entries.slice(0, limit) : entries;
  if (entries.length === 0) {
    return <p className="empty-inline">No container hit a limit in the last hour. Refusals show up here within one poll.</p>;
  }
  return (
    <ol className="failing-list" aria-label="Containers whose failcnt rose, newest first">
      {shown.map((e) => (
        <li key={`${e.nodeId}/${e.ctId}/${e.resource}`} className="failing-item">
          <div className="failing-main">
            <span className="failing-jump" title={`failcnt rose by ${e.lastDelta} at the last increase`}>
              +{e.lastDelta}
            </span>
            <span>
              <strong>{e.label}</strong> <code className="small">{e.resource}</code>
            </span>
            <span className="muted small">
              <time dateTime={new Date(e.lastAtMs).toISOString()} title={new Date(e.lastAtMs).toLocaleString()}>
                {formatAge(new Date(e.lastAtMs), nowMs)}
              </time>
            </span>
          </div>
          <div className="failing-where">
            <Link href={`/nodes/${e.nodeId}/ct/${e.ctId}`} prefetch={false}>
              CT {e.ctId}
            </Link>{' '}
            on{' '}
            <Link href={`/nodes/${e.nodeId}`} prefetch={false}>
              {e.nodeName}
            </Link>
            {e.hostname ? <span className="hostname muted"> · {e.hostname}</span> : null}
          </div>
          <div className="small muted">
            {e.refusals} refusal{e.refusals === 1 ? '' : 's'} in {e.events} poll{e.events === 1 ? '' : 's'} · held {value(e.resource, e.held)} of barrier {value(e.resource, e.barrier)}
          </div>
        </li>
      ))}
    </ol>
  );
}
