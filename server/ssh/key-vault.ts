import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Stored SSH private keys are encrypted at rest with AES-256-GCM. The key comes from VZFLEET_SECRET
 * or, on first run, is generated into the data dir (mode 0600) so a fresh clone works.
 */
const FORMAT = 'v1';

export function parseSecret(value: string): Buffer {
  const trimmed = value.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (buf.length !== 32) {
    throw new Error('vzfleet: VZFLEET_SECRET must be 32 bytes, as 64 hex characters or base64');
  }
  return buf;
}

export function loadOrCreateSecret(dataDir: string, fromEnv: string | undefined): Buffer {
  if (fromEnv) return parseSecret(fromEnv);
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return parseSecret(fs.readFileSync(file, 'utf8'));
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  fs.writeFileSync(file, secret.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

export function encryptSecretText(plain: string, secret: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secret, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

export function decryptSecretText(sealed: string, secret: Buffer): string {
  const [format, iv, tag, body] = sealed.split(':');
  if (format !== FORMAT || !iv || !tag || body === undefined) throw new Error('stored key: unknown format');
  const decipher = createDecipheriv('aes-256-gcm', secret, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch (err) {
    throw new Error('stored key: cannot decrypt — VZFLEET_SECRET is not the key it was stored with', { cause: err });
  }
}
