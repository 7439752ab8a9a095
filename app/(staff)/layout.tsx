import { AppHeader } from '@/components/shell/app-header';

export default function StaffLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader />
      <main id="main" className="page">
        {children}
      </main>
    </>
  );
}
