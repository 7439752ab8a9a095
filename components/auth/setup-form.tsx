'use client';

import { useState } from 'react';
import { TextField } from '@/components/ui/text-field';
import { postJson } from './post-json';

export function SetupForm() {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [setupToken, setSetupToken] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await postJson('/api/setup', { email, name, password, ...(setupToken ? { setupToken: setupToken.trim() } : {}) });
    if (r.status === 201) {
      const login = await postJson('/api/auth/sign-in/email', { email, password });
      window.location.assign(login.status === 200 ? '/' : '/login');
      return;
    }
    setErrors((r.data?.fieldErrors as Record<string, string[]>) ?? {});
    setError(typeof r.data?.error === 'string' ? r.data.error : 'Could not create the account.');
    setBusy(false);
  }

  return (
    <form className="panel form-grid" onSubmit={(e) => void submit(e)} noValidate>
      <TextField id="setup-email" label="E-mail" type="email" autoComplete="username" value={email} onChange={setEmail} error={errors.email?.[0]} required autoFocus />
      <TextField id="setup-name" label="Name" value={name} onChange={setName} error={errors.name?.[0]} required />
      <TextField id="setup-password" label="Password" type="password" autoComplete="new-password" hint="At least 12 characters" value={password} onChange={setPassword} error={errors.password?.[0]} required />
      <TextField
        id="setup-token"
        label="Setup token"
        hint="Printed in the server log at start; not needed in a browser on the server itself"
        autoComplete="off"
        value={setupToken}
        onChange={setSetupToken}
        error={errors.setupToken?.[0]}
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          Create admin account
        </button>
      </div>
    </form>
  );
}
