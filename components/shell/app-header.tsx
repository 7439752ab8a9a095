import Link from 'next/link';
import { LiveIndicator } from '@/components/live/live-indicator';
import { DemoBadge } from './demo-badge';
import { NavLink } from './nav-link';

export function AppHeader() {
  return (
    <header className="app-header">
      <Link href="/nodes" className="brand">
        vzfleet
      </Link>
      <nav aria-label="Main">
        <NavLink href="/nodes">Nodes</NavLink>
      </nav>
      <DemoBadge />
      <LiveIndicator />
    </header>
  );
}
