'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '@/trpc/client';
import { MIGRATION_STATUSES } from '@/vocabulary/migration-status';
import { MigrationProgress } from './migration-progress';
import { RebalancePanel } from './plan-panel';
import { durationSeconds, formatSeconds, OUTCOME_LABEL, outcomeTone } from './migration-format';

/** Every migration job: who, when, from, to, duration, freeze time, outcome; filterable. */
export function MigrationsPage() {
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<(typeof MIGRATION_STATUSES)[number] | ''>('');
  const list = useQuery(trpc.migration.list.queryOptions({ text: text.trim() || undefined, status: status || undefined, limit: 200 }, { refetchInterval: 5_000 }));
  return (
    <>
      <h1>Migrations</h1>
      <RebalancePanel />
      <div className="table-tools">
        <label htmlFor="mig-filter">Filter</label>
        <input id="mig-filter" type="search" placeholder="CT, node or person" value={text} onChange={(e) => setText(e.target.value)} />
        <label htmlFor="mig-status">Outcome</label>
        <select id="mig-status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="">any</option>
          {MIGRATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {OUTCOME_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      {list.error ? <p role="alert">{list.error.message}</p> : null}
      <div className="table-wrap">
        <table className="data-table" aria-label="Migration history">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">CT</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Mode</th>
              <th scope="col">Who</th>
              <th scope="col" className="num">Duration</th>
              <th scope="col" className="num">Freeze</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((j) => (
              <tr key={j.id}>
                <td>
                  <Link href={`/migrations/${j.id}`}>{j.createdAt.toISOString().replace('T', ' ').slice(0, 19)}</Link>
                </td>
                <td>{j.ctId}</td>
                <td>{j.sourceName}</td>
                <td>{j.targetName}</td>
                <td>{j.online ? 'online' : 'offline'}</td>
                <td>{j.requestedBy}</td>
                <td className="num">{formatSeconds(durationSeconds(j.startedAt, j.finishedAt))}</td>
                <td className="num">{formatSeconds(j.freezeSeconds)}</td>
                <td>
                  <span className={`badge ${outcomeTone(j.status)}`}>{OUTCOME_LABEL[j.status] ?? j.status}</span>
                  {j.error ? <div className="small">{j.error}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data?.length === 0 ? <p className="muted">No migrations match.</p> : null}
    </>
  );
}

/** One job: live progress, then the full log. */
export function MigrationJobPage({ jobId }: { jobId: string }) {
  const trpc = useTRPC();
  const job = useQuery(trpc.migration.byId.queryOptions({ jobId }, { refetchInterval: 5_000 }));
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/migrations">Migrations</Link> / <span aria-current="page">Job</span>
      </nav>
      <h1>Migration of CT {job.data?.ctId ?? '…'}</h1>
      {job.data === null ? <p role="alert">No such migration job.</p> : <JobBody jobId={jobId} />}
      {job.data?.log ? (
        <section aria-labelledby="full-log">
          <h2 id="full-log">Full log</h2>
          <pre className="migration-log">{job.data.log}</pre>
        </section>
      ) : null}
    </>
  );
}

function JobBody({ jobId }: { jobId: string }) {
  return <MigrationProgress jobId={jobId} />;
}
