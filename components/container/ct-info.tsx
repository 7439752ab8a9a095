import type { ContainerDetail } from '@/trpc/types';
import { FreeText } from '@/components/ui/free-text';

type Ct = ContainerDetail['container'];

/** An owner-set field: the text, and its raw bytes when they were not valid UTF-8. */
function OwnerText({ ct, field }: { ct: Ct; field: 'hostname' | 'name' | 'description' }) {
  const value = ct[field];
  const raw = ct.fieldsRaw?.[field];
  return (
    <dd className="hostname">
      {value !== null ? <FreeText value={value} /> : '—'}
      {raw ? <span className="raw-bytes mono raw">not valid UTF-8; bytes as the node printed them (hex): {raw}</span> : null}
    </dd>
  );
}

/** What vzlist and the CT's config say about it. */
export function CtInfo({ ct }: { ct: Ct }) {
  return (
    <dl className="figures ct-info">
      {ct.fieldsUnreadable ? (
        <>
          <dt>vzlist fields</dt>
          <dd>
            <span className="badge tone-warn">fields unreadable</span>
            <pre className="offending-line">{ct.fieldsUnreadable}</pre>
          </dd>
        </>
      ) : null}
      <dt>Hostname</dt>
      <OwnerText ct={ct} field="hostname" />
      <dt>Name</dt>
      <OwnerText ct={ct} field="name" />
      <dt>Description</dt>
      <OwnerText ct={ct} field="description" />
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
