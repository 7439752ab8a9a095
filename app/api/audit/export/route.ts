import { auditCsv } from '@/server/audit/csv';
import { auditFilterSchema, listAudit } from '@/server/audit/query';
import { authFor } from '@/server/auth/auth';
import { refuseRole } from '@/server/auth/role-check';
import { ROUTE_ROLES } from '@/server/auth/route-roles';
import type { Role } from '@/server/auth/roles';
import { resolveViewer } from '@/server/auth/viewer';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Who may export: the route table's entry (server/auth/route-roles.ts), checked as procedures are. */
const EXPORT_ROLES = ROUTE_ROLES['app/api/audit/export/route.ts'] as readonly Role[];

/** Admin only: the audit trail (filtered like the page) as CSV, cells safe to open in a spreadsheet. */
export async function GET(req: Request): Promise<Response> {
  const services = await getServices();
  const viewer = await resolveViewer(authFor(services), services.db, req.headers);
  const refusal = refuseRole(viewer, EXPORT_ROLES);
  if (refusal) return new Response(`${refusal.message}\n`, { status: refusal.status });
  const url = new URL(req.url);
  const q = Object.fromEntries(url.searchParams);
  const parsed = auditFilterSchema.safeParse({ ...q, limit: 10_000, before: q.before ? Number(q.before) : undefined });
  if (!parsed.success) return new Response('bad filter\n', { status: 400 });
  const body = auditCsv(await listAudit(services.db, parsed.data));
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="vzfleet-audit.csv"', 'cache-control': 'no-store' },
  });
}
