import { createHash } from 'node:crypto';

/** "SHA256:<base64 without padding>" of the host key blob — exactly what `ssh-keygen -lf` prints. */
export function fingerprintOf(keyBlob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

export const FINGERPRINT_RE = /^SHA256:[A-Za-z0-9+/]{43}$/;
