import path from 'node:path';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { DbHandle } from './client';

/**
 * Resolved from the working directory (the repo root for `npm start`, scripts and tests): inside
 * Next's server bundle import.meta.url points into .next/, not at this file.
 */
export const migrationsFolder = path.resolve(process.cwd(), 'db/migrations');

export async function migrateDb(handle: DbHandle, folder = migrationsFolder): Promise<void> {
  if (handle.kind === 'postgres') {
    await migratePg(handle.db as unknown as NodePgDatabase, { migrationsFolder: folder });
  } else {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: folder });
  }
}
