'use client';

import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { TextField } from '@/components/ui/text-field';
import { postJson, safeNext } from './post-json';

/** E-mail + password, then the TOTP code when the account has one. */
export function LoginForm() {
  const params = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = step === 'password' ? await postJson('/api/auth/sign-in/email', { email, password }) : await postJson('/api/auth/two-factor/verify-totp', { code });
      if (r.status === 200 && r.data?.twoFactorRedirect) {
        setStep('totp');
      } else if (r.status === 200) {
        window.location.assign(safeNext(params.get('next')));
        return;
      } else if (r.status === 429) {
        setError('Too many attempts. Wait a minute and try again.');
      } else {
        setError(step === 'password' ? 'Wrong e-mail or password.' : 'Wrong code.');
      }
    } catch {
      setError('vzfleet did not answer. Try again.');
    }
    setBusy(false);
  }

  return (
    <form className="panel form-grid" onSubmit={(e) => void submit(e)} noValidate>
      {step === 'password' ? (
        <>
          <TextField id="email" label="E-mail" type="email" autoComplete="username" value={email} onChange={setEmail} required autoFocus />
          <TextField id="password" label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} required />
        </>
      ) : (
        <TextField id="code" label="Code from your authenticator app" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={setCode} required autoFocus />
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {step === 'password' ? 'Sign in' : 'Verify'}
        </button>
      </div>
    </form>
  );
}
