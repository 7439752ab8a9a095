'use client';

import { useQueries } from '@tanstack/react-query';
import { awaitingFirstAnswer } from '@/components/ui/first-answer';
import { Skeleton } from '@/components/ui/skeleton';
import { useTRPC } from '@/trpc/client';
import { AnonymousFailuresPanel } from './anonymous-failures-panel';
import { auditListInput, AuditPanel } from './audit-panel';
import { KioskPanel } from './kiosk-panel';
import { MetricsAccessPanel } from './metrics-access-panel';
import { SecurityPanel } from './security-panel';
import { UsersPanel } from './users-panel';

/**
 * The admin panels, drawn once every panel's first read is in. The reads start together, so tRPC
 * sends them in one request; drawn as each came, the people table pushed the forms below it 114 px
 * down under the pointer, and the scrape-token button offered "Generate" where a token existed.
 * The panels then read the same queries from the cache (same inputs, same keys).
 */
export function AdminPanels() {
  const trpc = useTRPC();
  const first = useQueries({
    queries: [
      trpc.user.list.queryOptions(),
      trpc.kiosk.list.queryOptions(),
      trpc.security.settings.queryOptions(),
      trpc.security.metricsAccess.queryOptions(),
      trpc.audit.list.queryOptions(auditListInput('', '')),
      trpc.audit.anonymous.queryOptions(),
    ],
  });
  if (first.some(awaitingFirstAnswer)) return <Skeleton lines={12} label="Loading admin…" />;
  return (
    <>
      <UsersPanel />
      <KioskPanel />
      <SecurityPanel />
      <MetricsAccessPanel />
      <AuditPanel />
      <AnonymousFailuresPanel />
    </>
  );
}
