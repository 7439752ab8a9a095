import type { ContainerDetail } from '@/trpc/types';

/** What vzlist and the CT's config say about it. */
export function CtInfo({ ct }: { ct: ContainerDetail['container'] }) {
  return (
    <dl className="figures ct-info">
      <dt>Hostname</dt>
      <dd className="hostname">{ct.hostname ?? '—'}</dd>
      <dt>Status</dt>
      <dd>
        <span className={ct.status === 'running' ? 'status status-running' : 'status'}>{ct.status}</span>
        {!ct.present ? <span className="badge tone-warn inline-badge">no longer on this node</span> : null}
      </dd>
      <dt>IP addresses</dt>
      <dd className="mono">{ct.ips.length ? ct.ips.join(', ') : '—'}</dd>
      <dt>OS template</dt>
      <dd className="mono">{ct.osTemplate ?? '—'}</dd>
      <dt>Last seen</dt>
      <dd>{ct.lastSeenAt.toLocaleString()}</dd>
    </dl>
  );
}
