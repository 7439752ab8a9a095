import type { Metadata } from 'next';
import { ChannelsPage } from '@/components/alarms/channels-page';

export const metadata: Metadata = { title: 'Alarm channels' };

export default function ChannelsRoute() {
  return <ChannelsPage />;
}
