import type { Metadata } from 'next';
import { headers } from 'next/headers';
import './globals.css';
import './styles/views.css';
import './styles/alarms.css';

export const metadata: Metadata = {
  title: { default: 'vzfleet', template: '%s · vzfleet' },
  description: 'OpenVZ fleet dashboard',
};

/** Applies a chosen light/dark theme before the first paint (a fixed script, no user data in it). */
const THEME_SCRIPT = `try{var t=localStorage.getItem('vzfleet-theme');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The CSP nonce set by proxy.ts; Next adds it to its own scripts, this adds it to ours.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
