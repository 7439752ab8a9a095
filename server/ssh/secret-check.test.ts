import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { nodes } from '../../db/schema';
import { encryptSecretText } from './key-vault';
import { loadVerifiedSecret, SecretMismatchError } from './secret-check';

describe.each(TEST_ENGINES)('the encryption key at start-up on %s', (engine) => {
  let t: TestDb;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-secret-'));
  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(async () => {
    await t?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates a key on first run and accepts it on the next', async () => {
    const first = await loadVerifiedSecret(t.db, dir, undefined);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    await t.db.insert(nodes).values({ name: 'k', host: '127.0.0.1', authMethod: 'stored-key', storedKeyEnc: encryptSecretText('KEY', first) });
    expect((await loadVerifiedSecret(t.db, dir, undefined)).equals(first)).toBe(true);
    expect((await loadVerifiedSecret(t.db, dir, first.toString('hex'))).equals(first)).toBe(true);
  });

  it('refuses to start with a wrong VZFLEET_SECRET', async () => {
    await expect(loadVerifiedSecret(t.db, dir, '00'.repeat(32))).rejects.toThrow(/wrong encryption key: VZFLEET_SECRET/);
  });

  it('refuses to start when the key file is gone, instead of making a new one', async () => {
    fs.rmSync(path.join(dir, 'secret.key'));
    const err = await loadVerifiedSecret(t.db, dir, undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretMismatchError);
    expect((err as Error).message).toMatch(/encryption key is missing/);
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false);
  });

  it('refuses a replaced key file', async () => {
    fs.writeFileSync(path.join(dir, 'secret.key'), '11'.repeat(32) + '\n', { mode: 0o600 });
    await expect(loadVerifiedSecret(t.db, dir, undefined)).rejects.toThrow(/wrong encryption key/);
  });
});
