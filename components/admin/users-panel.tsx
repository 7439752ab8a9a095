'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { TextField } from '@/components/ui/text-field';
import { useTRPC } from '@/trpc/client';
import { errorMessageOf } from '@/trpc/domain-error';

const ROLES = ['admin', 'operator', 'support'] as const;
type UserRole = (typeof ROLES)[number];

export function UsersPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const users = useQuery(trpc.user.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.user.pathKey() });
  const create = useMutation(trpc.user.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.user.revokeSessions.mutationOptions());
  const setRole = useMutation(trpc.user.setRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.user.remove.mutationOptions({ onSuccess: refresh }));
  const [form, setForm] = useState({ email: '', name: '', password: '', role: 'support' as UserRole });
  const failure = create.error ?? revoke.error ?? setRole.error ?? remove.error;

  return (
    <section className="panel" aria-labelledby="users-h">
      <h2 id="users-h">People</h2>
      {users.error && !users.data ? <ErrorPanel title="Could not read the people" error={users.error} onRetry={() => void users.refetch()} /> : null}
      <div className="table-wrap">
        <table aria-label="Users">
          <thead>
            <tr>
              <th>E-mail</th>
              <th>Name</th>
              <th>Role</th>
              <th>TOTP</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.name}</td>
                <td>
                  <select aria-label={`Role of ${u.email}`} value={u.role} onChange={(e) => setRole.mutate({ id: u.id, role: e.target.value as UserRole })}>
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>{u.twoFactorEnabled ? 'on' : 'off'}</td>
                <td>
                  <button type="button" className="button button-small" onClick={() => revoke.mutate({ id: u.id })}>
                    Sign out everywhere
                  </button>{' '}
                  <button type="button" className="button button-small button-danger" onClick={() => remove.mutate({ id: u.id })}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {revoke.data && <p role="status">Ended {revoke.data.revoked} session(s).</p>}
      <h3>Add a person</h3>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(form, { onSuccess: () => setForm({ email: '', name: '', password: '', role: 'support' }) });
        }}
      >
        <TextField id="new-email" label="E-mail" type="email" value={form.email} onChange={(email) => setForm({ ...form, email })} required />
        <TextField id="new-name" label="Name" value={form.name} onChange={(name) => setForm({ ...form, name })} required />
        <TextField id="new-password" label="Initial password" type="password" autoComplete="new-password" hint="At least 12 characters" value={form.password} onChange={(password) => setForm({ ...form, password })} required />
        <div className="field">
          <label htmlFor="new-role">Role</label>
          <select id="new-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as UserRole })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Add person
          </button>
        </div>
      </form>
      {failure && (
        <p className="form-error" role="alert">
          {errorMessageOf(failure)}
        </p>
      )}
    </section>
  );
}
