import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type DbHandle } from './client';
import { migrateDb } from './migrate';

/** The Postgres this machine kind starts for every session and CI run. */
export const TEST_POSTGRES_URL = process.env.VZFLEET_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDb extends DbHandle {
  /** Where a second connection reaches the same database (LISTEN, other processes); null for PGlite. */
  url: string | null;
  drop(): Promise<void>;
}

/** A fresh, migrated database per test file, on each engine vzfleet supports. */
export const TEST_ENGINES = ['pglite', 'postgres'] as const;

/** `migrationsFolder`: migrate from another folder, e.g. one cut before a migration under test. */
export interface TestDbOptions {
  migrationsFolder?: string;
}

export async function createTestDb(kind: (typeof TEST_ENGINES)[number], opts: TestDbOptions = {}): Promise<TestDb> {
  if (kind === 'pglite') {
    const handle = openDb({ kind: 'pglite' });
    await migrateDb(handle, opts.migrationsFolder);
    return { ...handle, url: null, drop: () => handle.close() };
  }
  return createScratchPostgres('vzfleet_test', opts);
}

export interface ScratchPostgres extends TestDb {
  name: string;
  url: string;
}

/** A fresh, migrated database on the local Postgres; `drop()` removes it, `close()` only disconnects. */
export async function createScratchPostgres(prefix: string, opts: TestDbOptions = {}): Promise<ScratchPostgres> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const handle = openDb({ kind: 'postgres', url: url.toString() });
  await migrateDb(handle, opts.migrationsFolder);
  return {
    ...handle,
    name,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await a.connect();
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
