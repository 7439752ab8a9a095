import type { Metadata } from 'next';
import { AnonymousFailuresPanel } from '@/components/admin/anonymous-failures-panel';
import { AuditPanel } from '@/components/admin/audit-panel';
import { KioskPanel } from '@/components/admin/kiosk-panel';
import { SecurityPanel } from '@/components/admin/security-panel';
import { MetricsAccessPanel } from '@/components/admin/metrics-access-panel';
import { UsersPanel } from '@/components/admin/users-panel';

export const metadata: Metadata = { title: 'Admin' };

export default function AdminPage() {
  return (
    <>
      <h1>Admin</h1>
      <UsersPanel />
      <KioskPanel />
      <SecurityPanel />
      <MetricsAccessPanel />
      <AuditPanel />
      <AnonymousFailuresPanel />
    </>
  );
}
