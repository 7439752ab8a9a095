'use client';

import dynamic from 'next/dynamic';
import { LiveStatusBadge } from '@/components/live/live-status';
import { NavLink } from './nav-link';

// The header's fetching parts load after the page's first paint, each drawn meanwhile as it looks
// before its first answer, so the fleet overview's first screen does not wait for the data layer.

export const AlarmsNavLink = dynamic(() => import('@/components/deferred/parts').then((m) => m.AlarmsNavLink), {
  ssr: false,
  loading: () => (
    <NavLink href="/alarms?state=open" path="/alarms">
      Alarms
    </NavLink>
  ),
});

export const LiveIndicator = dynamic(() => import('@/components/deferred/parts').then((m) => m.LiveIndicator), {
  ssr: false,
  loading: () => <LiveStatusBadge status="connecting" />,
});

export const DemoBadge = dynamic(() => import('@/components/deferred/parts').then((m) => m.DemoBadge), { ssr: false });
