import Link from 'next/link';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { ThemeToggle } from '@/components/shell/theme-toggle';
import { requirePageViewer } from '@/app/page-guard';
import { TRPCReactProvider } from '@/trpc/client';

export const dynamic = 'force-dynamic';

/** The support desk: read-only, no staff navigation. */
export default async function SupportLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requirePageViewer(['admin', 'operator', 'support']);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link href="/lookup" className="brand">
          vzfleet <span className="brand-sub">support desk</span>
        </Link>
        <ThemeToggle />
        <SignOutButton label={viewer.label} />
      </header>
      <main id="main" className="page page-narrow">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </main>
    </>
  );
}
