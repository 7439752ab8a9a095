'use client';

import { useState } from 'react';
import { TextField } from '@/components/ui/text-field';
import { postJson } from './post-json';

/** TOTP set-up: confirm the password, add the secret to an authenticator app, prove it with a code. */
export function TotpPanel() {
  const [password, setPassword] = useState('');
  const [uri, setUri] = useState<string | null>(null);
  const [backup, setBackup] = useState<string[]>([]);
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  async function enable(e: React.FormEvent) {
    e.preventDefault();
    const r = await postJson('/api/auth/two-factor/enable', { password });
    if (r.status === 200 && typeof r.data?.totpURI === 'string') {
      setUri(r.data.totpURI);
      setBackup(Array.isArray(r.data.backupCodes) ? (r.data.backupCodes as string[]) : []);
      setMessage(null);
    } else setMessage('Wrong password, or two-factor authentication is on already.');
  }

  async function verify(e: React.FormEvent) {
    e.preventDefault();
    const r = await postJson('/api/auth/two-factor/verify-totp', { code });
    if (r.status === 200) window.location.assign('/');
    else setMessage('Wrong code: check the time on your phone and try again.');
  }

  return (
    <section className="panel" aria-labelledby="totp-h">
      <h2 id="totp-h">Two-factor authentication (TOTP)</h2>
      {!uri ? (
        <form className="form-grid" onSubmit={(e) => void enable(e)}>
          <TextField id="totp-password" label="Your password" type="password" autoComplete="current-password" value={password} onChange={setPassword} required />
          <div className="form-actions">
            <button type="submit" className="button button-primary">
              Set up two-factor authentication
            </button>
          </div>
        </form>
      ) : (
        <form className="form-grid" onSubmit={(e) => void verify(e)}>
          <p>
            Add this to your authenticator app (most accept the link; or type the secret after <code>secret=</code>):
          </p>
          <code className="secret-text" aria-label="TOTP link">
            {uri}
          </code>
          {backup.length > 0 && (
            <p>
              Backup codes, each usable once — keep them offline: <code>{backup.join(' ')}</code>
            </p>
          )}
          <TextField id="totp-code" label="Code from the app" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={setCode} required />
          <div className="form-actions">
            <button type="submit" className="button button-primary">
              Verify and turn on
            </button>
          </div>
        </form>
      )}
      {message && (
        <p className="form-error" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}
