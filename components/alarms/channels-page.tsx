'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { awaitingFirstAnswer } from '@/components/ui/first-answer';
import { Skeleton } from '@/components/ui/skeleton';
import { useTRPC } from '@/trpc/client';
import { errorMessageOf } from '@/trpc/domain-error';
import type { AlarmChannel, RouterInputs } from '@/trpc/types';
import { CHANNEL_KIND_LABEL, channelInputOf, channelTarget, EMPTY_CHANNEL_FORM, formOfChannel } from './channel-form';
import { ChannelEditor } from './channel-editor';
import { DeliveryLog } from './delivery-log';
import { SEVERITY_LOOK } from './severity-look';

type Editing = { id: number | null; channel: AlarmChannel | null } | null;

/** Admins: where alarm messages go, a test message per channel, and what was delivered. */
export function ChannelsPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const channels = useQuery(trpc.alarm.channels.queryOptions());
  const [editing, setEditing] = useState<Editing>(null);
  const [tested, setTested] = useState<Record<number, string>>({});
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.alarm.pathKey() });
  const test = useMutation(
    trpc.alarm.testChannel.mutationOptions({
      onSuccess: (r, v) => {
        setTested((t) => ({ ...t, [v.id]: r.status === 'sent' ? 'Test message sent.' : `Test message failed: ${r.error ?? r.status}` }));
        void refresh();
      },
      onError: (e, v) => setTested((t) => ({ ...t, [v.id]: `Test message failed: ${errorMessageOf(e)}` })),
    }),
  );
  const toggle = useMutation(trpc.alarm.updateChannel.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.alarm.removeChannel.mutationOptions({ onSuccess: refresh }));
  const failure = toggle.error ?? remove.error;

  const head = (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/alarms">Alarms</Link> / <span aria-current="page">Channels</span>
      </nav>
      <h1>Alarm channels</h1>
      <p className="muted">Secrets (SMTP password, signing secret, Slack/Mattermost URL, bot token) are stored sealed and never shown again.</p>
    </>
  );
  // Drawn once the channels are in: drawn before, the table pushed "Add a channel" down as it came.
  if (awaitingFirstAnswer(channels)) {
    return (
      <>
        {head}
        <Skeleton lines={4} label="Loading channels…" />
      </>
    );
  }
  return (
    <>
      {head}
      <section className="panel" aria-labelledby="channels-h">
        <h2 id="channels-h">Channels</h2>
        {channels.error ? <ErrorPanel title="Could not load the channels" error={channels.error} onRetry={() => void channels.refetch()} /> : null}
        {channels.data?.length === 0 ? <p className="empty-inline">No channel yet: alarms are shown here and on the wall, but nobody is told.</p> : null}
        {channels.data?.length ? (
          <div className="table-wrap">
            <table className="data-table" aria-label="Alarm channels">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Sends to</th>
                  <th scope="col">From severity</th>
                  <th scope="col">Nodes</th>
                  <th scope="col">Batch</th>
                  <th scope="col">Secret</th>
                  <th scope="col">State</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {channels.data.map((c) => (
                  <tr key={c.id} data-channel={c.name}>
                    <th scope="row">{c.name}</th>
                    <td>{CHANNEL_KIND_LABEL[c.kind]}</td>
                    <td className="delivery-error">{channelTarget(c)}</td>
                    <td>{SEVERITY_LOOK[c.minSeverity].label}</td>
                    <td>{c.tags.length ? c.tags.join(', ') : 'all'}</td>
                    <td>{c.batchMinutes ? `${c.batchMinutes} min` : 'none'}</td>
                    <td>{c.hasSecret ? 'set' : '—'}</td>
                    <td>{c.enabled ? 'enabled' : <span className="muted">disabled</span>}</td>
                    <td>
                      <div className="incident-buttons">
                        <button type="button" className="button button-small" disabled={test.isPending} onClick={() => test.mutate({ id: c.id })} aria-label={`Send a test message to ${c.name}`}>
                          Send test message
                        </button>
                        <button type="button" className="button button-small" onClick={() => setEditing({ id: c.id, channel: c })} aria-label={`Edit ${c.name}`}>
                          Edit
                        </button>
                        <button
                          type="button"
                          className="button button-small"
                          disabled={toggle.isPending}
                          aria-label={`${c.enabled ? 'Disable' : 'Enable'} ${c.name}`}
                          onClick={() => toggle.mutate({ ...(channelInputOf({ ...formOfChannel(c), enabled: !c.enabled }, true) as RouterInputs['alarm']['createChannel']), id: c.id })}
                        >
                          {c.enabled ? 'Disable' : 'Enable'}
                        </button>
                        <button
                          type="button"
                          className="button button-small"
                          disabled={remove.isPending}
                          aria-label={`Remove ${c.name}`}
                          onClick={() => {
                            if (window.confirm(`Remove channel ${c.name}? Its delivery log goes with it.`)) remove.mutate({ id: c.id });
                          }}
                        >
                          Remove
                        </button>
                      </div>
                      {tested[c.id] ? (
                        <p role="status" className="small">
                          {tested[c.id]}
                        </p>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {failure ? <p role="alert">{errorMessageOf(failure)}</p> : null}
        {editing === null ? (
          <p>
            <button type="button" className="button" onClick={() => setEditing({ id: null, channel: null })}>
              Add a channel
            </button>
          </p>
        ) : (
          <ChannelEditor
            key={editing.id ?? 'new'}
            editing={editing.id}
            initial={editing.channel ? formOfChannel(editing.channel) : EMPTY_CHANNEL_FORM}
            hasSecret={editing.channel?.hasSecret ?? false}
            onDone={() => setEditing(null)}
          />
        )}
      </section>
      <DeliveryLog channels={channels.data ?? []} />
    </>
  );
}
