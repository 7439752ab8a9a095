import type { Metadata, Viewport } from 'next';
import { requirePageViewer } from '@/app/page-guard';
import '../styles/wall.css';

export const metadata: Metadata = { title: 'Wall' };
export const viewport: Viewport = { themeColor: '#05070a' };

/** The ops-room screen: no chrome, always dark. */
export const dynamic = 'force-dynamic';

export default async function WallLayout({ children }: { children: React.ReactNode }) {
  await requirePageViewer(['admin', 'operator', 'support', 'wall']);
  return <main className="wall-root">{children}</main>;
}
