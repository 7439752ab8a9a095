import { desc, gte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditAnonymous } from '../../db/schema-auth';
import { clientIp } from '../http/client-address';

/** Anonymous failures are counted per 10-minute window. */
export const ANON_WINDOW_MS = 10 * 60_000;
/** Distinct sources per window and process before further ones share the row 'other'. */
export const ANON_SOURCES_PER_WINDOW = 500;
/** Actions are route or procedure names; anything longer is a stranger's junk. */
const MAX_ACTION = 100;

const KEY = Symbol.for('vzfleet.anonymous-sources');
type Seen = { window: number; sources: Set<string> };
type Holder = { [KEY]?: WeakMap<object, Seen> };

/** The row's source: the client address, unless this window already has too many distinct ones. */
function sourceFor(db: Db, ip: string | null, window: number): string {
  const holder = globalThis as Holder;
  const map = (holder[KEY] ??= new WeakMap());
  let seen = map.get(db);
  if (!seen || seen.window !== window) map.set(db, (seen = { window, sources: new Set() }));
  const source = ip ?? 'unknown';
  if (seen.sources.has(source)) return source;
  if (seen.sources.size >= ANON_SOURCES_PER_WINDOW) return 'other';
  seen.sources.add(source);
  return source;
}

/**
 * Counts one failure by a caller without a session: one row per window, source and action, whose
 * count rises. Nothing the caller sent is stored beyond the action name (cut, NUL-free).
 */
export async function recordAnonymousFailure(ctx: { headers: Headers; services: { db: Db; clock?: () => Date } }, action: string): Promise<void> {
  const now = ctx.services.clock?.() ?? new Date();
  const window = Math.floor(now.getTime() / ANON_WINDOW_MS) * ANON_WINDOW_MS;
  const source = sourceFor(ctx.services.db, clientIp(ctx.headers), window);
  await ctx.services.db
    .insert(auditAnonymous)
    .values({ windowStart: new Date(window), source, action: action.replace(/\0/g, '').slice(0, MAX_ACTION), count: 1, lastAt: now })
    .onConflictDoUpdate({
      target: [auditAnonymous.windowStart, auditAnonymous.source, auditAnonymous.action],
      set: { count: sql`${auditAnonymous.count} + 1`, lastAt: now },
    });
}

export interface AnonymousFailureRow {
  windowStart: Date;
  source: string;
  action: string;
  count: number;
  lastAt: Date;
}

/** The counted failures of the last `sinceMs` (default a day), biggest counts first, at most 200 rows. */
export async function listAnonymousFailures(db: Db, now: Date, sinceMs = 86_400_000): Promise<AnonymousFailureRow[]> {
  return db
    .select()
    .from(auditAnonymous)
    .where(gte(auditAnonymous.windowStart, new Date(now.getTime() - sinceMs)))
    .orderBy(desc(auditAnonymous.count), desc(auditAnonymous.lastAt))
    .limit(200);
}
