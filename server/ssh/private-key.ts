import ssh2 from 'ssh2';

// ssh2 is CommonJS: under ESM only its default export is reliably visible.
const { utils } = ssh2;

/** Why ssh2 cannot use this private key, or null when it can. Passphrase-protected keys are refused. */
export function privateKeyProblem(text: string): string | null {
  const parsed = utils.parseKey(text);
  if (parsed instanceof Error) return `not a usable private key: ${parsed.message}`;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || !key.isPrivateKey()) return 'this is a public key; paste the private key';
  return null;
}
