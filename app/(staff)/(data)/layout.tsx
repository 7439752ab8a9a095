import { TRPCReactProvider } from '@/trpc/client';

/**
 * The staff pages that fetch as they render, inside the data layer from the start. The fleet
 * overview (../page.tsx) is outside: its first screen comes with the page, and it loads the data
 * layer only after that screen is painted.
 */
export default function DataLayout({ children }: { children: React.ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
