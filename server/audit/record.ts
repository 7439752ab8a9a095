import type { Db } from '../../db/client';
import { auditLog } from '../../db/schema-auth';
import type { Viewer } from '../auth/roles';
import { clientIp } from '../auth/request-checks';

/** One line of the audit trail: who did what to which thing, and how it ended. */
export interface AuditEntry {
  action: string;
  target?: string;
  result: 'ok' | 'denied' | 'error';
  detail?: Record<string, unknown>;
}

export interface AuditContext {
  viewer?: Viewer | null;
  headers: Headers;
  services: { db: Db; clock?: () => Date };
  /** Set by the mutation middleware: an explicit record replaces its generic one. */
  audit?: { recorded: boolean };
}

/** Postgres text and jsonb cannot hold NUL: shown as U+FFFD, so a hostile value is still recorded. */
const clean = (s: string) => s.replace(/\0/g, '\uFFFD');

const SECRET_KEY = /pass(word)?|private|secret|token|otp|code|cookie|authorization/i;
const MAX_STRING = 500;

/** A copy of a procedure's input fit for the audit trail: secrets masked, long strings cut. */
export function redactForAudit(value: unknown, depth = 0): unknown {
  if (depth > 4) return '…';
  if (typeof value === 'string') return clean(value.length > MAX_STRING ? value.slice(0, MAX_STRING) + '…' : value);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactForAudit(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[clean(k).slice(0, 100)] = SECRET_KEY.test(k) ? (v == null ? v : '[redacted]') : redactForAudit(v, depth + 1);
    return out;
  }
  return value;
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
    detail: entry.detail ? (redactForAudit(entry.detail) as Record<string, unknown>) : null,
  });
  if (ctx.audit) ctx.audit.recorded = true;
}
