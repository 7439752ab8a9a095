import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { authSession, authUser } from '../../db/schema-auth';
import { FieldError, NotFoundError } from '../errors/general-errors';
import type { Auth } from './auth';

/** People log in with one of these; 'wall' belongs to kiosk tokens. */
export const USER_ROLES = ['admin', 'operator', 'support'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().email('an e-mail address').max(254),
  name: z.string().trim().min(1, 'required').max(100).regex(/^[^\p{Cc}<>]*$/u, 'no control characters or angle brackets'),
  password: z.string().min(12, 'at least 12 characters').max(256),
  role: z.enum(USER_ROLES),
});
export type NewUser = z.input<typeof newUserSchema>;

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  twoFactorEnabled: boolean;
  createdAt: Date;
}

const publicColumns = {
  id: authUser.id,
  email: authUser.email,
  name: authUser.name,
  role: authUser.role,
  twoFactorEnabled: authUser.twoFactorEnabled,
  createdAt: authUser.createdAt,
};

function toPublic(r: { id: string; email: string; name: string; role: string; twoFactorEnabled: boolean | null; createdAt: Date }): PublicUser {
  return { ...r, role: r.role as UserRole, twoFactorEnabled: r.twoFactorEnabled ?? false };
}

export async function countUsers(db: Db): Promise<number> {
  const [r] = await db.select({ n: count() }).from(authUser);
  return r?.n ?? 0;
}

/** Creates an account with a password hashed by Better Auth (scrypt), as its own sign-in checks it. */
export async function createUser(auth: Auth, db: Db, input: NewUser): Promise<PublicUser> {
  const v = newUserSchema.parse(input);
  const ctx = await auth.$context;
  const existing = await db.select({ id: authUser.id }).from(authUser).where(eq(authUser.email, v.email));
  if (existing.length) throw new FieldError('email', 'a user with this e-mail already exists');
  const user = await ctx.internalAdapter.createUser({ email: v.email, name: v.name, role: v.role, emailVerified: true }, { method: 'admin' });
  await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: await ctx.password.hash(v.password) });
  const [row] = await db.select(publicColumns).from(authUser).where(eq(authUser.id, user.id));
  return toPublic(row!);
}

export async function listUsers(db: Db): Promise<PublicUser[]> {
  return (await db.select(publicColumns).from(authUser).orderBy(authUser.email)).map(toPublic);
}

export async function findUser(db: Db, id: string): Promise<PublicUser> {
  const [row] = await db.select(publicColumns).from(authUser).where(eq(authUser.id, id));
  if (!row) throw new NotFoundError(`user ${id}`);
  return toPublic(row);
}

/** Ends every session of the user at once: sessions are looked up on each request. */
export async function revokeUserSessions(db: Db, userId: string): Promise<number> {
  const gone = await db.delete(authSession).where(eq(authSession.userId, userId)).returning({ id: authSession.id });
  return gone.length;
}

export async function setUserRole(db: Db, userId: string, role: UserRole): Promise<PublicUser> {
  const [row] = await db.update(authUser).set({ role, updatedAt: new Date() }).where(eq(authUser.id, userId)).returning(publicColumns);
  if (!row) throw new NotFoundError(`user ${userId}`);
  // A change of role takes effect now: the person logs in again under the new role.
  await revokeUserSessions(db, userId);
  return toPublic(row);
}

export async function removeUser(db: Db, userId: string): Promise<void> {
  const gone = await db.delete(authUser).where(eq(authUser.id, userId)).returning({ id: authUser.id });
  if (!gone.length) throw new NotFoundError(`user ${userId}`);
}

export async function countAdmins(db: Db): Promise<number> {
  const [r] = await db.select({ n: count() }).from(authUser).where(eq(authUser.role, 'admin'));
  return r?.n ?? 0;
}
