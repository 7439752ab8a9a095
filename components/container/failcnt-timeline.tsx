'use client';

import { useState } from 'react';
import { formatAge } from '@/components/format/age';
import type { ContainerEvent } from '@/trpc/types';
import { humanValue } from './beancounter-view';

const SHOWN = 25;
const value = (resource: string, v: number | null) => (v === null ? '∞' : (humanValue(resource, v) ?? String(v)));

/** Every failcnt increase of the container, newest first: when, which limit, by how much. */
export function FailcntTimeline({ events, nowMs }: { events: ContainerEvent[]; nowMs: number }) {
  const [all, setAll] = useState(false);
  if (events.length === 0) return <p className="empty-inline">No refused allocations in the last 7 days: this container has not hit a limit.</p>;
  const shown = all ? events : events.slice(0, SHOWN);
  return (
    <>
      <ol className="timeline" aria-label="failcnt increases, newest first">
        {shown.map((e) => (
          <li key={e.id}>
            <time dateTime={new Date(e.atMs).toISOString()} title={new Date(e.atMs).toLocaleString()}>
              {formatAge(new Date(e.atMs), nowMs)}
            </time>
            <span className="failing-jump">+{e.delta}</span>
            <span>
              <strong>{e.label}</strong> <code className="small">{e.resource}</code> refused {e.delta === 1 ? 'once' : `${e.delta} times`}
            </span>
            <span className="small muted">
              held {value(e.resource, e.held)} of barrier {value(e.resource, e.barrier)} · failcnt {e.failcnt}
              {e.afterReset ? ' · counter had been reset (CT restarted)' : ''}
            </span>
          </li>
        ))}
      </ol>
      {events.length > SHOWN ? (
        <button type="button" className="link-button" onClick={() => setAll((v) => !v)}>
          {all ? 'Show the newest only' : `Show all ${events.length}`}
        </button>
      ) : null}
    </>
  );
}
