import type { Metadata, Viewport } from 'next';
import '../styles/wall.css';

export const metadata: Metadata = { title: 'Wall' };
export const viewport: Viewport = { themeColor: '#05070a' };

/** The ops-room screen: no chrome, always dark. */
export default function WallLayout({ children }: { children: React.ReactNode }) {
  return <main className="wall-root">{children}</main>;
}
