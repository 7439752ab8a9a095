import type { Metadata } from 'next';
import { TRPCReactProvider } from '@/trpc/client';
import './globals.css';
import './styles/views.css';

export const metadata: Metadata = {
  title: { default: 'vzfleet', template: '%s · vzfleet' },
  description: 'OpenVZ fleet dashboard',
};

/** Applies a chosen light/dark theme before the first paint (a fixed script, no user data in it). */
const THEME_SCRIPT = `try{var t=localStorage.getItem('vzfleet-theme');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
