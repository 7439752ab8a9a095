import { createHmac, timingSafeEqual } from 'node:crypto';
import { symmetricDecrypt } from 'better-auth/crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { authSession, authTwoFactor } from '../../db/schema-auth';
import type { Auth } from './auth';

const PERIOD_S = 30;
const DIGITS = 6;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4226 HOTP, the code of one time step. */
export function hotp(key: Buffer, counter: number): string {
  const c = Buffer.alloc(8);
  c.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(c).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** DIGITS).padStart(DIGITS, '0');
}

function base32Bytes(text: string): Buffer {
  let bits = '';
  for (const ch of text.replace(/=+$/, '').toUpperCase()) bits += BASE32.indexOf(ch).toString(2).padStart(5, '0');
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
}

/** The time step (of now-1, now, now+1: Better Auth's window) whose code this is, or null. */
export function matchedStep(key: Buffer, code: string, now: Date): number | null {
  const t = Math.floor(now.getTime() / 1000 / PERIOD_S);
  for (const s of [t - 1, t, t + 1]) {
    const expected = Buffer.from(hotp(key, s));
    const given = Buffer.from(code.padEnd(DIGITS).slice(0, DIGITS));
    if (code.length === DIGITS && timingSafeEqual(expected, given)) return s;
  }
  return null;
}

/** The user's TOTP key as Better Auth stores it (encrypted with its secret; "base32:" for imported ones). */
async function totpKey(auth: Auth, encrypted: string): Promise<Buffer> {
  const ctx = await auth.$context;
  const plain = await symmetricDecrypt({ key: (ctx as unknown as { secretConfig: Parameters<typeof symmetricDecrypt>[0]['key'] }).secretConfig, data: encrypted });
  return plain.startsWith('base32:') ? base32Bytes(plain.slice(7)) : Buffer.from(plain, 'utf8');
}

/**
 * Called after Better Auth accepted a TOTP code: records its time step as the user's last one, unless
 * that step (or a later one) was used already, which makes this a replay (returns false). The update
 * is a compare-and-set, so two requests racing with one code cannot both win.
 */
export async function claimTotpStep(auth: Auth, db: Db, userId: string, code: string, now: Date): Promise<boolean> {
  const [row] = await db.select({ secret: authTwoFactor.secret }).from(authTwoFactor).where(eq(authTwoFactor.userId, userId));
  if (!row) return true;
  const step = matchedStep(await totpKey(auth, row.secret), code, now);
  if (step === null) return true; // accepted by Better Auth at a step we cannot place: do not block the owner
  const won = await db
    .update(authTwoFactor)
    .set({ lastUsedStep: step })
    .where(and(eq(authTwoFactor.userId, userId), or(isNull(authTwoFactor.lastUsedStep), lt(authTwoFactor.lastUsedStep, step))))
    .returning({ id: authTwoFactor.id });
  return won.length > 0;
}

/** The session a successful verification just created (from its Set-Cookie), to find its user or end it. */
export function sessionTokenOf(res: Response): string | null {
  for (const c of res.headers.getSetCookie()) {
    const m = /^(?:__Secure-)?vzfleet\.session_token=([^;]+)/.exec(c);
    if (m && m[1]) return decodeURIComponent(m[1]).split('.')[0] || null;
  }
  return null;
}

export async function findSessionUser(db: Db, token: string): Promise<string | null> {
  const [row] = await db.select({ userId: authSession.userId }).from(authSession).where(eq(authSession.token, token));
  return row?.userId ?? null;
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.delete(authSession).where(eq(authSession.token, token));
}
