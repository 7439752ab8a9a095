import { env } from '../env';
import { openDb } from './client';
import { migrateDb } from './migrate';
import { acquireDataDirLock } from './data-dir-lock';

async function main(): Promise<void> {
  const target = env.DATABASE_URL
    ? ({ kind: 'postgres', url: env.DATABASE_URL } as const)
    : ({ kind: 'pglite', dataDir: env.VZFLEET_DATA_DIR } as const);
  const release = target.kind === 'pglite' ? acquireDataDirLock(env.VZFLEET_DATA_DIR, 'db:migrate') : () => {};
  const handle = openDb(target);
  try {
    await migrateDb(handle);
    console.log(`vzfleet: migrations applied (${handle.kind})`);
  } finally {
    await handle.close();
    release();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
