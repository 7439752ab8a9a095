'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';
import { withData } from '@/trpc/with-data';

/** Says loudly when the figures come from the built-in simulator, so nobody mistakes them for a real fleet. */
export const DemoBadge = withData(function DemoBadge() {
  const trpc = useTRPC();
  const info = useQuery(trpc.system.info.queryOptions(undefined, { staleTime: 60_000 }));
  if (!info.data?.demo) return null;
  return (
    <span className="demo-badge" title={`${info.data.demo.nodes} simulated OpenVZ nodes on this server`}>
      DEMO — simulated fleet
    </span>
  );
});
