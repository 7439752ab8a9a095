import Link from 'next/link';
import { ThemeToggle } from '@/components/shell/theme-toggle';

/** The support desk: read-only, no staff navigation. */
export default function SupportLayout({ children }: { children: React.ReactNode }) {
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
      </header>
      <main id="main" className="page page-narrow">
        {children}
      </main>
    </>
  );
}
