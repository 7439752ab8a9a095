'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { TextField } from '@/components/ui/text-field';
import { useTRPC } from '@/trpc/client';
import { errorMessageOf } from '@/trpc/domain-error';

/** Wall-screen links: shown once at creation, opened once by the TV, revocable at any time. */
export function KioskPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const tokens = useQuery(trpc.kiosk.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.kiosk.pathKey() });
  const create = useMutation(trpc.kiosk.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.kiosk.revoke.mutationOptions({ onSuccess: refresh }));
  const [label, setLabel] = useState('');
  const link = create.data ? `${window.location.origin}${create.data.path}` : null;

  return (
    <section className="panel" aria-labelledby="kiosk-h">
      <h2 id="kiosk-h">Wall screens</h2>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ label });
        }}
      >
        <TextField id="kiosk-label" label="Screen name" hint="e.g. Ops room TV" value={label} onChange={setLabel} required />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Create wall link
          </button>
        </div>
      </form>
      {link && (
        <p role="status">
          Open this link once on the screen; it works one time only and is not shown again: <code aria-label="Wall link">{link}</code>
        </p>
      )}
      {tokens.error && !tokens.data ? <ErrorPanel title="Could not read the wall screens" error={tokens.error} onRetry={() => void tokens.refetch()} /> : null}
      <div className="table-wrap">
        <table aria-label="Wall screens">
          <thead>
            <tr>
              <th>Screen</th>
              <th>Created</th>
              <th>Opened</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(tokens.data ?? []).map((k) => (
              <tr key={k.id}>
                <td>{k.label}</td>
                <td>{new Date(k.createdAt).toLocaleString()}</td>
                <td>{k.openedAt ? new Date(k.openedAt).toLocaleString() : 'not yet'}</td>
                <td>{k.revokedAt ? 'revoked' : 'active'}</td>
                <td>
                  {!k.revokedAt && (
                    <button type="button" className="button button-small button-danger" onClick={() => revoke.mutate({ id: k.id })}>
                      Revoke {k.label}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(create.error ?? revoke.error) && (
        <p className="form-error" role="alert">
          {errorMessageOf((create.error ?? revoke.error)!)}
        </p>
      )}
    </section>
  );
}
