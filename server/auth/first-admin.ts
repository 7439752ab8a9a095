import type { Db } from '../../db/client';
import type { Auth } from './auth';
import { countUsers, createUser, type NewUser, type PublicUser } from './users';

const KEY = Symbol.for('vzfleet.first-admin');
type Holder = { [KEY]?: Promise<unknown> };

/**
 * The one-time setup: creates the first admin only while no user exists. Serialised within the
 * process (PGlite is one process; with Postgres the setup page is a one-off in any case, and a
 * second racer finds a user and is refused).
 */
export async function createFirstAdmin(auth: Auth, db: Db, input: Omit<NewUser, 'role'>): Promise<PublicUser | null> {
  const holder = globalThis as Holder;
  const prev = holder[KEY] ?? Promise.resolve();
  const run = prev.catch(() => undefined).then(async () => {
    if ((await countUsers(db)) > 0) return null;
    return createUser(auth, db, { ...input, role: 'admin' });
  });
  holder[KEY] = run;
  return run;
}
