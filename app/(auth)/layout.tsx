import { ThemeToggle } from '@/components/shell/theme-toggle';

export const dynamic = 'force-dynamic';

/** Login, first-run setup and the account's own security: no navigation, no data. */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="app-header">
        <span className="brand">vzfleet</span>
        <ThemeToggle />
      </header>
      <main id="main" className="page page-narrow">
        {children}
      </main>
    </>
  );
}
