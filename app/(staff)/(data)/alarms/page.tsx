import type { Metadata } from 'next';
import { Suspense } from 'react';
import { findPageViewer } from '@/app/page-guard';
import { AlarmsPage } from '@/components/alarms/alarms-page';

export const metadata: Metadata = { title: 'Alarms' };

export default async function AlarmsRoute() {
  // The staff layout has already checked the session; the role only decides which buttons show
  // (the server refuses the mutations to support either way).
  const viewer = await findPageViewer();
  const role = viewer?.role;
  return (
    <Suspense>
      <AlarmsPage canAct={role === 'admin' || role === 'operator'} isAdmin={role === 'admin'} />
    </Suspense>
  );
}
