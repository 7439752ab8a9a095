'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { TextField } from '@/components/ui/text-field';
import { ALARM_SEVERITIES, CHANNEL_KINDS } from '@/vocabulary/alarm';
import { useTRPC } from '@/trpc/client';
import { domainOf, errorMessageOf } from '@/trpc/domain-error';
import type { RouterInputs } from '@/trpc/types';
import { CHANNEL_KIND_LABEL, channelInputOf, type ChannelFormState } from './channel-form';
import { SEVERITY_LOOK } from './severity-look';

type CreateInput = RouterInputs['alarm']['createChannel'];

/**
 * Add or edit a channel. Secret fields are write-only: they start empty, are sent only when typed,
 * and an edit that leaves them empty keeps what is stored.
 */
export function ChannelEditor({ editing, initial, hasSecret, onDone }: { editing: number | null; initial: ChannelFormState; hasSecret: boolean; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [f, setF] = useState<ChannelFormState>(initial);
  const set = <K extends keyof ChannelFormState>(k: K) => (v: ChannelFormState[K]) => setF((s) => ({ ...s, [k]: v }));
  const after = async () => {
    await qc.invalidateQueries({ queryKey: trpc.alarm.channels.queryKey() });
    onDone();
  };
  const create = useMutation(trpc.alarm.createChannel.mutationOptions({ onSuccess: after }));
  const update = useMutation(trpc.alarm.updateChannel.mutationOptions({ onSuccess: after }));
  const failure = create.error ?? update.error;
  const fieldErrors = Object.entries(domainOf(failure)?.fieldErrors ?? {});
  const keepHint = editing !== null && hasSecret ? 'Stored and never shown; leave empty to keep it.' : undefined;
  const id = (k: string) => `ch-${k}`;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const input = channelInputOf(f, editing !== null) as CreateInput;
    if (editing === null) create.mutate(input);
    else update.mutate({ ...input, id: editing });
  };

  return (
    <form className="panel" aria-labelledby="channel-form-h" onSubmit={submit}>
      <h3 id="channel-form-h">{editing === null ? 'Add a channel' : `Edit channel ${initial.name}`}</h3>
      <div className="channel-form">
        <TextField id={id('name')} label="Name" value={f.name} onChange={set('name')} required maxLength={100} />
        <div className="field">
          <label htmlFor={id('kind')}>Kind</label>
          <select id={id('kind')} value={f.kind} onChange={(e) => set('kind')(e.target.value as ChannelFormState['kind'])}>
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {CHANNEL_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('sev')}>Lowest severity sent</label>
          <select id={id('sev')} value={f.minSeverity} onChange={(e) => set('minSeverity')(e.target.value as ChannelFormState['minSeverity'])}>
            {ALARM_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {SEVERITY_LOOK[s].label}
              </option>
            ))}
          </select>
        </div>
        <TextField id={id('tags')} label="Only nodes tagged (comma-separated; empty = all)" value={f.tags} onChange={set('tags')} />
        <TextField id={id('batch')} label="Batch non-critical messages (minutes, 0–60)" value={f.batchMinutes} onChange={set('batchMinutes')} inputMode="numeric" />
        <label className="inline-choice">
          <input type="checkbox" checked={f.enabled} onChange={(e) => set('enabled')(e.target.checked)} /> Enabled
        </label>

        {f.kind === 'email' ? (
          <>
            <TextField id={id('host')} label="SMTP host" value={f.host} onChange={set('host')} />
            <TextField id={id('port')} label="SMTP port" value={f.port} onChange={set('port')} inputMode="numeric" />
            <label className="inline-choice">
              <input type="checkbox" checked={f.secure} onChange={(e) => set('secure')(e.target.checked)} /> TLS from the start (port 465)
            </label>
            <TextField id={id('user')} label="SMTP user (optional)" value={f.user} onChange={set('user')} autoComplete="off" />
            <TextField id={id('password')} label="SMTP password" type="password" value={f.password} onChange={set('password')} autoComplete="new-password" hint={keepHint} />
            <TextField id={id('from')} label="From" value={f.from} onChange={set('from')} />
            <TextField id={id('to')} label="To (comma-separated)" value={f.to} onChange={set('to')} />
          </>
        ) : null}
        {f.kind === 'webhook' ? (
          <>
            <TextField id={id('url')} label="Webhook URL" value={f.url} onChange={set('url')} />
            <TextField id={id('hmac')} label="Signing secret (at least 16 characters)" type="password" value={f.hmacSecret} onChange={set('hmacSecret')} autoComplete="new-password" hint={keepHint} />
          </>
        ) : null}
        {f.kind === 'slack' ? (
          <>
            <div className="field">
              <label htmlFor={id('flavour')}>Service</label>
              <select id={id('flavour')} value={f.flavour} onChange={(e) => set('flavour')(e.target.value as ChannelFormState['flavour'])}>
                <option value="slack">Slack</option>
                <option value="mattermost">Mattermost</option>
              </select>
            </div>
            <TextField id={id('hook')} label="Incoming webhook URL (secret)" type="password" value={f.webhookUrl} onChange={set('webhookUrl')} autoComplete="off" hint={keepHint} />
          </>
        ) : null}
        {f.kind === 'telegram' ? (
          <>
            <TextField id={id('chat')} label="Chat id (-100… or @channel)" value={f.chatId} onChange={set('chatId')} />
            <TextField id={id('api')} label="Bot API base URL" value={f.apiBase} onChange={set('apiBase')} />
            <TextField id={id('token')} label="Bot token" type="password" value={f.botToken} onChange={set('botToken')} autoComplete="off" hint={keepHint} />
          </>
        ) : null}
      </div>
      {failure ? (
        <div role="alert">
          <p>{errorMessageOf(failure)}</p>
          {fieldErrors.length ? (
            <ul className="small">
              {fieldErrors.map(([path, messages]) => (
                <li key={path}>
                  {path}: {messages[0]}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div className="incident-buttons">
        <button type="submit" className="button button-primary" disabled={create.isPending || update.isPending}>
          {editing === null ? 'Add channel' : 'Save channel'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

