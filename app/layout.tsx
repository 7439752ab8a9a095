import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { parseTheme, THEME_COOKIE } from '@/components/shell/theme';
import './globals.css';
import './styles/views.css';
import './styles/alarms.css';

export const metadata: Metadata = {
  title: { default: 'vzfleet', template: '%s · vzfleet' },
  description: 'OpenVZ fleet dashboard',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // A chosen light/dark theme is on <html> as served (components/shell/theme.ts).
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme ?? undefined}>
      <body>{children}</body>
    </html>
  );
}
