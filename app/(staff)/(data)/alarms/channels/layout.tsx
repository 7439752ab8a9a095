import { requirePageViewer } from '@/app/page-guard';

export const dynamic = 'force-dynamic';

/** Channels hold the ways out of vzfleet (and their secrets): admins only. */
export default async function ChannelsLayout({ children }: { children: React.ReactNode }) {
  await requirePageViewer(['admin']);
  return children;
}
