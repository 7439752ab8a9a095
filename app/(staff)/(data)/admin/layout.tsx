import { requirePageViewer } from '@/app/page-guard';

export const dynamic = 'force-dynamic';

/** Admins only: people, wall links, security settings, the audit trail. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requirePageViewer(['admin']);
  return children;
}
