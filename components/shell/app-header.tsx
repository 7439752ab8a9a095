import Link from 'next/link';
import { SignOutButton } from '@/components/auth/sign-out-button';
import type { Role } from '@/server/auth/roles';
import { AlarmsNavLink, DemoBadge, LiveIndicator } from './header-live';
import { NavLink } from './nav-link';
import { ThemeToggle } from './theme-toggle';

export function AppHeader({ role, label }: { role: Role; label: string }) {
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        vzfleet
      </Link>
      <nav aria-label="Main">
        <NavLink href="/">Fleet</NavLink>
        <NavLink href="/nodes">Nodes</NavLink>
        <NavLink href="/migrations">Migrations</NavLink>
        <AlarmsNavLink />
        <NavLink href="/lookup">Lookup</NavLink>
        <NavLink href="/wall">Wall screen</NavLink>
        {role === 'admin' && <NavLink href="/admin">Admin</NavLink>}
      </nav>
      <DemoBadge />
      <LiveIndicator />
      <ThemeToggle />
      <SignOutButton label={label} />
    </header>
  );
}
