import fs from 'node:fs';
import path from 'node:path';
import { eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { nodes } from '../../db/schema';
import { appSettings } from '../../db/schema-auth';
import { decryptSecretText, encryptSecretText, loadOrCreateSecret, parseSecret } from './key-vault';

const CHECK_KEY = 'key-check';
const CHECK_TEXT = 'vzfleet key check v1';

export class SecretMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretMismatchError';
  }
}

/**
 * The key that encrypts stored SSH keys, checked against the database before anything runs: a
 * sealed check value is written the first time, and every later start must open it. A missing key
 * file or a different VZFLEET_SECRET is a start-up error, never a new key that silently orphans
 * the stored ones.
 */
export async function loadVerifiedSecret(db: Db, dataDir: string, fromEnv: string | undefined): Promise<Buffer> {
  const [check] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, CHECK_KEY));
  const [sealedNode] = await db.select({ enc: nodes.storedKeyEnc }).from(nodes).where(isNotNull(nodes.storedKeyEnc)).limit(1);
  const sealed = typeof check?.value === 'string' ? check.value : (sealedNode?.enc ?? null);
  const file = path.join(dataDir, 'secret.key');
  if (sealed && !fromEnv && !fs.existsSync(file)) {
    throw new SecretMismatchError(
      `vzfleet: the encryption key is missing: the database holds data sealed with a key, but VZFLEET_SECRET is unset and ${file} does not exist. ` +
        'Restore the key file or set VZFLEET_SECRET to the key used before; vzfleet will not start with a new key.',
    );
  }
  const secret = fromEnv ? parseSecret(fromEnv) : loadOrCreateSecret(dataDir, undefined);
  if (sealed) {
    try {
      decryptSecretText(sealed, secret);
    } catch {
      throw new SecretMismatchError(
        `vzfleet: wrong encryption key: ${fromEnv ? 'VZFLEET_SECRET' : file} is not the key this database's stored SSH keys were sealed with. ` +
          'Set the original key; vzfleet will not start and silently lose them.',
      );
    }
  }
  if (!check) {
    await db.insert(appSettings).values({ key: CHECK_KEY, value: encryptSecretText(CHECK_TEXT, secret) }).onConflictDoNothing();
  }
  return secret;
}
