import { env } from '../env';
import { openDb } from '../db/client';
import { acquireDataDirLock } from '../db/data-dir-lock';
import { migrateDb } from '../db/migrate';
import type { Services } from '../server/services';
import { loadVerifiedSecret } from '../server/ssh/secret-check';
import { SshPool } from '../server/ssh/pool';

/**
 * Services for one CLI command. With embedded PGlite the CLI takes the data dir's lock, so it says
 * clearly when the server holds the database instead of corrupting it.
 */
export async function openCliServices(holder: string): Promise<{ services: Services; close: () => Promise<void> }> {
  const pglite = !env.DATABASE_URL;
  const release = pglite ? acquireDataDirLock(env.VZFLEET_DATA_DIR, holder) : () => {};
  const handle = openDb(env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir: env.VZFLEET_DATA_DIR });
  await migrateDb(handle);
  const ssh = new SshPool({ connectTimeoutMs: env.VZFLEET_SSH_CONNECT_TIMEOUT_MS });
  const services: Services = {
    db: handle.db,
    dbKind: handle.kind,
    ssh,
    secret: await loadVerifiedSecret(handle.db, env.VZFLEET_DATA_DIR, env.VZFLEET_SECRET),
    publicUrl: env.VZFLEET_PUBLIC_URL,
    agentSocket: process.env.SSH_AUTH_SOCK,
    clock: () => new Date(),
    commandTimeoutMs: env.VZFLEET_SSH_COMMAND_TIMEOUT_MS,
    collector: null,
    demo: null,
  };
  return {
    services,
    close: async () => {
      ssh.closeAll();
      await handle.close();
      release();
    },
  };
}
