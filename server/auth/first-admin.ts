import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appSettings } from '../../db/schema-auth';
import type { Auth } from './auth';
import { countUsers, createUser, type NewUser, type PublicUser } from './users';

const CLAIM_KEY = 'setup.first-admin';

/**
 * The one-time setup: creates the first admin only while no user exists, guarded in the database.
 * The first caller claims the setup by inserting one app_settings row (a primary key: of two
 * instances on one Postgres, or two racers in one process, exactly one insert succeeds); only the
 * claimer creates the admin. A claim whose creation fails is released so setup can be retried.
 */
export async function createFirstAdmin(auth: Auth, db: Db, input: Omit<NewUser, 'role'>): Promise<PublicUser | null> {
  if ((await countUsers(db)) > 0) return null;
  const claimed = await db
    .insert(appSettings)
    .values({ key: CLAIM_KEY, value: sql`jsonb_build_object('at', now())` })
    .onConflictDoNothing({ target: appSettings.key })
    .returning({ key: appSettings.key });
  if (!claimed.length) return null;
  try {
    if ((await countUsers(db)) > 0) return null; // an account made another way (CLI) meanwhile: setup is over
    return await createUser(auth, db, { ...input, role: 'admin' });
  } catch (err) {
    await db.delete(appSettings).where(eq(appSettings.key, CLAIM_KEY));
    throw err;
  }
}
