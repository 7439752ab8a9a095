import { and, desc, eq, gte, ilike, isNull, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { auditLog } from '../../db/schema-auth';

export const auditFilterSchema = z.object({
  /** Matches actor, action or target (substring, case-insensitive). */
  q: z.string().trim().max(200).refine((v) => !v.includes('\0'), 'no NUL characters').optional(),
  action: z.string().trim().max(200).refine((v) => !v.includes('\0'), 'no NUL characters').optional(),
  result: z.enum(['ok', 'denied', 'error']).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.number().int().min(1).max(10_000).default(200),
  /** Rows with an id below this one (paging back in time). */
  before: z.number().int().positive().optional(),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

export interface AuditRow {
  id: number;
  at: Date;
  actorKind: string;
  actorLabel: string;
  actorRole: string | null;
  ip: string | null;
  action: string;
  target: string | null;
  result: string;
  detail: Record<string, unknown> | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

export async function listAudit(db: Db, filter: AuditFilter): Promise<AuditRow[]> {
  const f = auditFilterSchema.parse(filter);
  const where: SQL[] = [];
  if (f.q) {
    const p = `%${escapeLike(f.q)}%`;
    where.push(or(ilike(auditLog.actorLabel, p), ilike(auditLog.action, p), ilike(auditLog.target, p))!);
  }
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.result) where.push(eq(auditLog.result, f.result));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lt(auditLog.at, f.to));
  if (f.before) where.push(lt(auditLog.id, f.before));
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorKind: auditLog.actorKind,
      actorLabel: auditLog.actorLabel,
      actorRole: auditLog.actorRole,
      ip: auditLog.ip,
      action: auditLog.action,
      target: auditLog.target,
      result: auditLog.result,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(f.limit);
}

/** The newest `vzfleet user unlock` of an account (an audit line, since the trail is the record). */
async function lastUnlock(db: Db, email: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'user.unlock'), eq(auditLog.target, email), eq(auditLog.result, 'ok')))
    .orderBy(desc(auditLog.at))
    .limit(1);
  return row?.at ?? null;
}

/**
 * Failed sign-ins (wrong password; not the brake's own refusals, which have another action) for one
 * e-mail since a time and since its last unlock, from one address or from all. Capped at 100.
 */
export async function countFailedSignIns(db: Db, email: string, since: Date, ip?: string | null): Promise<number> {
  const unlocked = await lastUnlock(db, email);
  const from = unlocked && unlocked > since ? unlocked : since;
  const rows = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'auth.sign-in'),
        eq(auditLog.target, email),
        eq(auditLog.result, 'denied'),
        gte(auditLog.at, from),
        ...(ip === undefined ? [] : ip === null ? [isNull(auditLog.ip)] : [eq(auditLog.ip, ip)]),
      ),
    )
    .limit(100);
  return rows.length;
}

/** Whether this account has signed in successfully from this address since a time: the owner's own address. */
export async function hasSignedInFrom(db: Db, email: string, ip: string, since: Date): Promise<boolean> {
  const rows = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'auth.sign-in'), eq(auditLog.target, email), eq(auditLog.result, 'ok'), eq(auditLog.ip, ip), gte(auditLog.at, since)))
    .limit(1);
  return rows.length > 0;
}
