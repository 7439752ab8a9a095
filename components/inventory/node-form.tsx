'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CheckboxField } from '@/components/ui/checkbox-field';
import { describedByOf, FieldShell } from '@/components/ui/field-shell';
import { TextField } from '@/components/ui/text-field';
import { errorMessageOf, fieldErrorsOf } from '@/trpc/domain-error';
import { useTRPC } from '@/trpc/client';
import type { NodeSummary } from '@/trpc/types';
import { AuthFields } from './auth-fields';
import { EMPTY_NODE_FORM, formStateOf, toNodeInput, type NodeFormState } from './node-form-state';

interface NodeFormProps {
  /** The node being edited, or null to add one. */
  original: NodeSummary | null;
  onDone: (name: string) => void;
  onCancel: () => void;
}

/** Add or edit a node. Validation happens on the server; its messages appear next to each field. */
export function NodeForm({ original, onDone, onCancel }: NodeFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<NodeFormState>(() => (original ? formStateOf(original) : EMPTY_NODE_FORM));
  const info = useQuery(trpc.system.info.queryOptions(undefined, { staleTime: 60_000 }));
  const defaultPollS = info.data?.pollIntervalS;
  const set = <K extends keyof NodeFormState>(key: K, value: NodeFormState[K]) => setState((s) => ({ ...s, [key]: value }));

  const onSuccess = async (node: { name: string }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.node.pathKey() });
    onDone(node.name);
  };
  const create = useMutation(trpc.node.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.node.update.mutationOptions({ onSuccess }));
  const mutation = original ? update : create;
  const errors = original ? fieldErrorsOf(update.error, 'values') : fieldErrorsOf(create.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const values = toNodeInput(state, original);
    if (original) update.mutate({ id: original.id, values });
    else create.mutate(values);
  };

  const title = original ? `Edit node ${original.name}` : 'Add node';
  return (
    <section className="panel" aria-labelledby="node-form-title">
      <h2 id="node-form-title">{title}</h2>
      <form onSubmit={submit} noValidate className="form-grid">
        <TextField id="node-name" label="Name" value={state.name} onChange={(v) => set('name', v)} error={errors.name} autoComplete="off" required />
        <TextField
          id="node-host"
          label="Host"
          value={state.host}
          onChange={(v) => set('host', v)}
          error={errors.host}
          hint="Host name or IP address"
          autoComplete="off"
          spellCheck={false}
          required
        />
        <TextField id="node-port" label="SSH port" value={state.port} onChange={(v) => set('port', v)} error={errors.port} inputMode="numeric" />
        <TextField id="node-user" label="SSH user" value={state.sshUser} onChange={(v) => set('sshUser', v)} error={errors.sshUser} autoComplete="off" spellCheck={false} />
        <AuthFields state={state} set={set} errors={errors} hasStoredKey={original?.hasStoredKey ?? false} />
        <TextField
          id="node-fingerprint"
          label="Host key fingerprint (optional)"
          value={state.hostKeyFingerprint}
          onChange={(v) => set('hostKeyFingerprint', v)}
          error={errors.hostKeyFingerprint}
          hint="SHA256:… as ssh-keygen -lf prints it. Leave empty to check and accept it with “Test connection”."
          className="mono"
          autoComplete="off"
          spellCheck={false}
        />
        <TextField id="node-location" label="Location" value={state.location} onChange={(v) => set('location', v)} error={errors.location} />
        <TextField id="node-tags" label="Tags" value={state.tags} onChange={(v) => set('tags', v)} error={errors.tags} hint="Comma-separated, e.g. ssd, fra1" />
        <TextField
          id="node-poll-interval"
          label="Poll interval (seconds)"
          value={state.pollIntervalS}
          onChange={(v) => set('pollIntervalS', v)}
          error={errors.pollIntervalS}
          hint={`5–3600 s. Empty = the fleet default${defaultPollS ? ` (${defaultPollS} s)` : ''}; data counts as stale after 3 missed polls.`}
          placeholder={defaultPollS ? String(defaultPollS) : undefined}
          inputMode="numeric"
          autoComplete="off"
        />
        <CheckboxField
          id="node-ssh-compression"
          label="Compress the SSH link (zlib)"
          checked={state.sshCompression}
          onChange={(v) => set('sshCompression', v)}
          error={errors.sshCompression}
          hint="Turn on for a node behind a slow or metered WAN link: a poll sends far fewer bytes. On a LAN it only costs collector CPU."
        />
        <FieldShell id="node-notes" label="Notes" error={errors.notes}>
          <textarea
            id="node-notes"
            rows={3}
            value={state.notes}
            onChange={(e) => set('notes', e.target.value)}
            aria-invalid={errors.notes ? true : undefined}
            aria-describedby={describedByOf('node-notes', undefined, errors.notes)}
          />
        </FieldShell>
        {mutation.error ? (
          <p className="form-error" role="alert">
            {errors._ ?? errorMessageOf(mutation.error)}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={mutation.isPending}>
            {mutation.isPending ? 'Saving…' : 'Save node'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
