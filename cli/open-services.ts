import { env } from '../env';
import { openDb } from '../db/client';
import { acquireDataDirLock } from '../db/data-dir-lock';
import { migrateDb } from '../db/migrate';
import { createServices, servicesConfigFromEnv, type Services } from '../server/services';
import { loadVerifiedSecret } from '../server/ssh/secret-check';

/**
 * Services for one CLI command. With embedded PGlite the CLI takes the data dir's lock, so it says
 * clearly when the server holds the database instead of corrupting it.
 */
export async function openCliServices(holder: string): Promise<{ services: Services; close: () => Promise<void> }> {
  const pglite = !env.DATABASE_URL;
  const release = pglite ? acquireDataDirLock(env.VZFLEET_DATA_DIR, holder) : () => {};
  const handle = openDb(env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir: env.VZFLEET_DATA_DIR });
  await migrateDb(handle);
  const secret = await loadVerifiedSecret(handle.db, env.VZFLEET_DATA_DIR, env.VZFLEET_SECRET);
  // No poll loop here: the CLI reads and writes the database, it keeps no snapshots in memory.
  const services = createServices(servicesConfigFromEnv(env, handle, secret, false));
  return {
    services,
    close: async () => {
      services.ssh.closeAll();
      await handle.close();
      release();
    },
  };
}
