'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { useTRPC } from '@/trpc/client';
import type { AlarmChannel } from '@/trpc/types';

const STATUSES = ['', 'pending', 'sent', 'failed', 'skipped'] as const;
const TONE = { pending: 'tone-neutral', sent: 'tone-good', failed: 'tone-bad', skipped: 'tone-warn' } as const;

/** What was sent where, how many attempts it took and why it failed (errors carry no secrets). Kept 30 days. */
export function DeliveryLog({ channels }: { channels: AlarmChannel[] }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const [channelId, setChannelId] = useState<number | null>(null);
  const log = useQuery(trpc.alarm.deliveries.queryOptions({ status: status || undefined, channelId: channelId ?? undefined, limit: 100 }, { refetchInterval: 10_000 }));
  return (
    <section className="panel" aria-labelledby="deliveries-h">
      <h2 id="deliveries-h">Delivery log</h2>
      <p className="small muted">The newest 100 of the last 30 days. Retries: 30 s, then doubling up to 30 min, 8 attempts.</p>
      <div className="filters">
        <div>
          <label htmlFor="dl-status">Status</label>
          <select id="dl-status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="dl-channel">Channel</label>
          <select id="dl-channel" value={channelId ?? ''} onChange={(e) => setChannelId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">any</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {log.error && !log.data ? <ErrorPanel title="Could not load the delivery log" error={log.error} onRetry={() => void log.refetch()} /> : null}
      {log.data?.length === 0 ? <p className="empty-inline">Nothing delivered yet.</p> : null}
      {log.data?.length ? (
        <div className="table-wrap">
          <table className="data-table" aria-label="Delivery log">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Channel</th>
                <th scope="col">Event</th>
                <th scope="col">Incident</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Attempts</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((d) => (
                <tr key={d.id}>
                  <td>
                    <RelativeTime at={d.createdAt} />
                  </td>
                  <td>{d.channelName}</td>
                  <td>{d.event}</td>
                  <td>{d.incidentId !== null ? <Link href={`/alarms?incident=${d.incidentId}`}>#{d.incidentId}</Link> : '—'}</td>
                  <td>
                    <span className={`badge ${TONE[d.status]}`}>{d.status}</span>
                    {d.status === 'pending' ? (
                      <div className="small muted">
                        next try <time dateTime={d.nextAttemptAt.toISOString()}>{d.nextAttemptAt.toLocaleTimeString()}</time>
                      </div>
                    ) : null}
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td className="delivery-error small">{d.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
