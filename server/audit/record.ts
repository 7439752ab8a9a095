import type { Db } from '../../db/client';
import { auditLog } from '../../db/schema-auth';
import { clientIp } from '../http/client-address';

/** One line of the audit trail: who did what to which thing, and how it ended. */
export interface AuditEntry {
  action: string;
  target?: string;
  result: 'ok' | 'denied' | 'error';
  detail?: Record<string, unknown>;
}

/** Who acted, as the audit trail records it (a Viewer fits; named here as auth depends on audit). */
export interface AuditActor {
  kind: string;
  id: string;
  label: string;
  role: string;
}

export interface AuditContext {
  viewer?: AuditActor | null;
  headers: Headers;
  services: { db: Db; clock?: () => Date };
  /** Set by the mutation middleware: an explicit record replaces its generic one. */
  audit?: { recorded: boolean };
}

/** Postgres text and jsonb cannot hold NUL: shown as U+FFFD, so a hostile value is still recorded. */
const clean = (s: string) => s.replace(/\0/g, '\uFFFD');

const SECRET_KEY = /pass(word)?|private|secret|token|otp|code|cookie|authorization/i;
const MAX_STRING = 500;
const MAX_DEPTH = 5;
/** The most one audit line's detail may hold, measured as stored (serialised JSON, UTF-8 bytes). */
export const MAX_DETAIL_BYTES = 4096;
/** Put where something was cut, so a reader knows the line is not the whole input. */
export const TRUNCATED = '…[truncated]';

type Budget = { left: number };

/**
 * A copy of a procedure's input fit for the audit trail: secrets masked, long strings cut, and the
 * whole copy within a byte budget. The walk stops when the budget is spent, so an input whose
 * serialised form explodes (superjson's referential equalities repeat one object many times) costs
 * no more than the budget to copy.
 */
export function redactForAudit(value: unknown, budget: Budget = { left: MAX_DETAIL_BYTES }, depth = 0): unknown {
  if (budget.left <= 0 || depth > MAX_DEPTH) {
    budget.left -= TRUNCATED.length;
    return TRUNCATED;
  }
  if (typeof value === 'string') {
    const room = Math.min(MAX_STRING, budget.left);
    const cut = value.length > room ? value.slice(0, room) + TRUNCATED : value;
    budget.left -= cut.length + 2;
    return clean(cut);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    budget.left -= 2;
    for (const v of value) {
      if (budget.left <= 0) {
        out.push(TRUNCATED);
        break;
      }
      out.push(redactForAudit(v, budget, depth + 1));
      budget.left -= 1;
    }
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    budget.left -= 2;
    for (const [k, v] of Object.entries(value)) {
      if (budget.left <= 0) {
        out['…'] = TRUNCATED;
        break;
      }
      const key = clean(k).slice(0, 100);
      budget.left -= key.length + 4;
      out[key] = SECRET_KEY.test(k) ? (v == null ? v : '[redacted]') : redactForAudit(v, budget, depth + 1);
    }
    return out;
  }
  budget.left -= 24;
  return typeof value === 'bigint' ? value.toString() : value;
}

/** The detail as it will be stored: redacted, within MAX_DETAIL_BYTES after serialisation, else replaced by a marker. */
export function boundAuditDetail(detail: Record<string, unknown>): Record<string, unknown> {
  // The walk counts characters; escapes and multi-byte UTF-8 can make the stored form larger: retry smaller.
  let bytes = 0;
  for (const budget of [MAX_DETAIL_BYTES * 0.9, MAX_DETAIL_BYTES / 2, MAX_DETAIL_BYTES / 8]) {
    const out = redactForAudit(detail, { left: budget }) as Record<string, unknown>;
    bytes = Buffer.byteLength(JSON.stringify(out) ?? '', 'utf8');
    if (bytes <= MAX_DETAIL_BYTES) return out;
  }
  return { truncated: TRUNCATED, bytes };
}

/**
 * Appends one line to the audit trail (table audit_log; a trigger refuses updates and deletes).
 * Call it once per mutation with the outcome. Failing to write the trail fails the caller: a
 * security product does not act without its record.
 */
export async function recordAudit(ctx: AuditContext, entry: AuditEntry): Promise<void> {
  const v = ctx.viewer;
  await ctx.services.db.insert(auditLog).values({
    at: ctx.services.clock?.() ?? new Date(),
    actorKind: v ? v.kind : 'anonymous',
    actorId: v?.id ?? null,
    actorLabel: v?.label ?? 'anonymous',
    actorRole: v?.role ?? null,
    ip: clientIp(ctx.headers)?.replace(/\0/g, '') ?? null,
    action: clean(entry.action.slice(0, 200)),
    target: entry.target === undefined ? null : clean(entry.target.slice(0, 500)),
    result: entry.result,
    detail: entry.detail ? boundAuditDetail(entry.detail) : null,
  });
  if (ctx.audit) ctx.audit.recorded = true;
}
