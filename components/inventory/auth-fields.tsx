import type { SshAuthMethod } from '@/db/schema';
import { describedByOf, FieldShell } from '@/components/ui/field-shell';
import { TextField } from '@/components/ui/text-field';
import type { NodeFormState } from './node-form-state';

const AUTH_LABEL: Record<SshAuthMethod, string> = {
  'key-file': 'Key file on the vzfleet server',
  'stored-key': 'Paste a private key (stored encrypted)',
  agent: 'ssh-agent of the vzfleet server',
};

interface AuthFieldsProps {
  state: NodeFormState;
  set: <K extends keyof NodeFormState>(key: K, value: NodeFormState[K]) => void;
  errors: Record<string, string>;
  hasStoredKey: boolean;
}

/** How vzfleet logs in: the method, then only the control that method needs. */
export function AuthFields({ state, set, errors, hasStoredKey }: AuthFieldsProps) {
  const keyHint = hasStoredKey
    ? 'Leave this empty to keep the stored key; paste a new one to replace it. Keys are never shown back.'
    : 'OpenSSH private key text. It is stored encrypted and never shown back.';
  return (
    <>
      <FieldShell id="node-auth" label="Authentication" error={errors.authMethod}>
        <select
          id="node-auth"
          value={state.authMethod}
          onChange={(e) => set('authMethod', e.target.value as SshAuthMethod)}
          aria-describedby={describedByOf('node-auth', undefined, errors.authMethod)}
        >
          {(Object.keys(AUTH_LABEL) as SshAuthMethod[]).map((m) => (
            <option key={m} value={m}>
              {AUTH_LABEL[m]}
            </option>
          ))}
        </select>
      </FieldShell>
      {state.authMethod === 'key-file' ? (
        <TextField
          id="node-key-file"
          label="Key file path"
          value={state.keyFile}
          onChange={(v) => set('keyFile', v)}
          error={errors.keyFile}
          hint="Path of the private key on the machine vzfleet runs on, e.g. /etc/vzfleet/id_ed25519"
          autoComplete="off"
          spellCheck={false}
        />
      ) : null}
      {state.authMethod === 'stored-key' ? (
        <FieldShell id="node-private-key" label="Private key" hint={keyHint} error={errors.privateKey}>
          {hasStoredKey ? (
            <p className="stored-key-flag">
              <span aria-hidden="true">🔒</span> a key is stored
            </p>
          ) : null}
          <textarea
            id="node-private-key"
            className="mono"
            rows={5}
            value={state.privateKey}
            onChange={(e) => set('privateKey', e.target.value)}
            placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={errors.privateKey ? true : undefined}
            aria-describedby={describedByOf('node-private-key', keyHint, errors.privateKey)}
          />
        </FieldShell>
      ) : null}
      {state.authMethod === 'agent' ? (
        <p className="field-hint">vzfleet uses the agent in its own SSH_AUTH_SOCK; nothing is stored.</p>
      ) : null}
    </>
  );
}
