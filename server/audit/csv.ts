import type { AuditRow } from './query';

/**
 * One CSV cell. A cell a spreadsheet would read as a formula (=, +, -, @, tab, CR) gets a leading
 * apostrophe (OWASP's CSV-injection advice); every cell is quoted, quotes doubled.
 */
export function csvCell(value: unknown): string {
  let s = value == null ? '' : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export const AUDIT_CSV_HEADER = ['id', 'at', 'actor_kind', 'actor', 'role', 'ip', 'action', 'target', 'result', 'detail'] as const;

export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = [AUDIT_CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push([r.id, r.at, r.actorKind, r.actorLabel, r.actorRole, r.ip, r.action, r.target, r.result, r.detail].map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
