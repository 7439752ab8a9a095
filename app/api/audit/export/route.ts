import { auditCsv } from '@/server/audit/csv';
import { auditFilterSchema, listAudit } from '@/server/audit/query';
import { authFor } from '@/server/auth/auth';
import { resolveViewer } from '@/server/auth/viewer';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Admin only: the audit trail (filtered like the page) as CSV, cells safe to open in a spreadsheet. */
export async function GET(req: Request): Promise<Response> {
  const services = await getServices();
  const viewer = await resolveViewer(authFor(services), services.db, req.headers);
  if (!viewer) return new Response('log in first\n', { status: 401 });
  if (viewer.role !== 'admin' || viewer.mustEnrolTotp) return new Response('admins only\n', { status: 403 });
  const url = new URL(req.url);
  const q = Object.fromEntries(url.searchParams);
  const parsed = auditFilterSchema.safeParse({ ...q, limit: 10_000, before: q.before ? Number(q.before) : undefined });
  if (!parsed.success) return new Response('bad filter\n', { status: 400 });
  const body = auditCsv(await listAudit(services.db, parsed.data));
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="vzfleet-audit.csv"', 'cache-control': 'no-store' },
  });
}
