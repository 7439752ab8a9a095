'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';

/**
 * A header link. `path`: the pages it stands for, when `href` carries a query string.
 *
 * Prefetched on intent (pointer over it, focus, touch), not when it scrolls into view: in view,
 * the header's six links had the server render six pages (60–90 ms of its CPU) on every page view,
 * just as the browser was drawing the first screen.
 */
export function NavLink({ href, path = href, children }: { href: string; path?: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const router = useRouter();
  const current = pathname === path || pathname.startsWith(`${path}/`);
  const prefetch = () => router.prefetch(href);
  return (
    <Link href={href} prefetch={false} onMouseEnter={prefetch} onFocus={prefetch} onTouchStart={prefetch} className="nav-link" aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}
