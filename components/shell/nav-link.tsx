'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** `path`: the pages it stands for, when `href` carries a query string. */
export function NavLink({ href, path = href, children }: { href: string; path?: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const current = pathname === path || pathname.startsWith(`${path}/`);
  return (
    <Link href={href} className="nav-link" aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}
