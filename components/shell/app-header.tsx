import Link from 'next/link';
import { LiveIndicator } from '@/components/live/live-indicator';
import { DemoBadge } from './demo-badge';
import { NavLink } from './nav-link';
import { ThemeToggle } from './theme-toggle';

export function AppHeader() {
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        vzfleet
      </Link>
      <nav aria-label="Main">
        <NavLink href="/">Fleet</NavLink>
        <NavLink href="/nodes">Nodes</NavLink>
        <NavLink href="/migrations">Migrations</NavLink>
        <NavLink href="/lookup">Lookup</NavLink>
        <NavLink href="/wall">Wall screen</NavLink>
      </nav>
      <DemoBadge />
      <LiveIndicator />
      <ThemeToggle />
    </header>
  );
}
