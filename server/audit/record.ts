import type { Viewer } from '../auth/roles';

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
}

/**
 * Contract for every mutation: call this once with the outcome. Issue 6 gives it a table;
 * until then it records nothing so callers can already be written against it.
 */
export async function recordAudit(_ctx: AuditContext, _entry: AuditEntry): Promise<void> {}
