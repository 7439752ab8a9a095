import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { kioskTokens } from '../../db/schema-auth';
import { NotFoundError } from '../errors/general-errors';

/** The cookie a wall screen keeps after opening its link once. */
export const KIOSK_COOKIE = 'vzfleet.kiosk';
/** 400 days: the longest a browser keeps a cookie; a TV runs for months. */
export const KIOSK_COOKIE_MAX_AGE_S = 400 * 86_400;

/** Tokens are 32 random bytes, base64url: 43 characters. Anything else is not worth a lookup. */
export const kioskSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const kioskLabelSchema = z.string().trim().min(1, 'required').max(80).regex(/^[^\p{Cc}<>]*$/u, 'no control characters or angle brackets');

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');

export interface KioskTokenInfo {
  id: number;
  label: string;
  createdBy: string;
  createdAt: Date;
  openedAt: Date | null;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
}

const infoColumns = {
  id: kioskTokens.id,
  label: kioskTokens.label,
  createdBy: kioskTokens.createdBy,
  createdAt: kioskTokens.createdAt,
  openedAt: kioskTokens.openedAt,
  lastSeenAt: kioskTokens.lastSeenAt,
  revokedAt: kioskTokens.revokedAt,
};

/** A new wall link; the secret is returned once and only its hash is kept. */
export async function createKioskToken(db: Db, label: string, createdBy: string): Promise<{ token: KioskTokenInfo; secret: string; path: string }> {
  const secret = newSecret();
  const [row] = await db.insert(kioskTokens).values({ label: kioskLabelSchema.parse(label), linkHash: hash(secret), createdBy }).returning(infoColumns);
  return { token: row!, secret, path: `/kiosk/${secret}` };
}

export async function listKioskTokens(db: Db): Promise<KioskTokenInfo[]> {
  return db.select(infoColumns).from(kioskTokens).orderBy(desc(kioskTokens.createdAt));
}

export async function revokeKioskToken(db: Db, id: number, now: Date): Promise<KioskTokenInfo> {
  const [row] = await db.update(kioskTokens).set({ revokedAt: now }).where(eq(kioskTokens.id, id)).returning(infoColumns);
  if (!row) throw new NotFoundError(`kiosk token ${id}`);
  return row;
}

/**
 * Opens a wall link: valid once, for a token that is not revoked. Returns the device secret for
 * the TV's cookie, or null (unknown, used or revoked link). The link is dead afterwards, so a
 * link seen in a chat or a browser history later is worthless.
 */
export async function openKioskLink(db: Db, linkSecret: string, now: Date): Promise<{ id: number; deviceSecret: string } | null> {
  if (!kioskSecretSchema.safeParse(linkSecret).success) return null;
  const deviceSecret = newSecret();
  const [row] = await db
    .update(kioskTokens)
    .set({ deviceHash: hash(deviceSecret), openedAt: now, lastSeenAt: now })
    .where(and(eq(kioskTokens.linkHash, hash(linkSecret)), isNull(kioskTokens.openedAt), isNull(kioskTokens.revokedAt)))
    .returning({ id: kioskTokens.id });
  return row ? { id: row.id, deviceSecret } : null;
}

/** The kiosk behind a device cookie, or null when unknown or revoked. */
export async function findKioskByDevice(db: Db, deviceSecret: string): Promise<{ id: number; label: string } | null> {
  if (!kioskSecretSchema.safeParse(deviceSecret).success) return null;
  const [row] = await db
    .select({ id: kioskTokens.id, label: kioskTokens.label })
    .from(kioskTokens)
    .where(and(eq(kioskTokens.deviceHash, hash(deviceSecret)), isNull(kioskTokens.revokedAt)));
  return row ?? null;
}
