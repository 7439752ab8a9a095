import { AppHeader } from '@/components/shell/app-header';
import { requirePageViewer } from '@/app/page-guard';

export const dynamic = 'force-dynamic';

/** Staff pages: admins and operators; support may read them too (no mutations are open to it). */
export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requirePageViewer(['admin', 'operator', 'support']);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader role={viewer.role} label={viewer.label} />
      <main id="main" className="page">
        {children}
      </main>
    </>
  );
}
