import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptSecretText, encryptSecretText, loadOrCreateSecret, parseSecret } from './key-vault';

describe('key vault', () => {
  it('round-trips a private key and never stores it in clear', () => {
    const secret = parseSecret('11'.repeat(32));
    const sealed = encryptSecretText('-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n', secret);
    expect(sealed).not.toContain('OPENSSH');
    expect(decryptSecretText(sealed, secret)).toBe('-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n');
  });

  it('fails clearly with the wrong secret instead of returning garbage', () => {
    const sealed = encryptSecretText('key', parseSecret('11'.repeat(32)));
    expect(() => decryptSecretText(sealed, parseSecret('22'.repeat(32)))).toThrow(/VZFLEET_SECRET/);
  });

  it('rejects a secret of the wrong length', () => {
    expect(() => parseSecret('abcd')).toThrow(/32 bytes/);
  });

  it('generates a secret into the data dir once and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-secret-'));
    const a = loadOrCreateSecret(dir, undefined);
    const b = loadOrCreateSecret(dir, undefined);
    expect(a.equals(b)).toBe(true);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  });
});
