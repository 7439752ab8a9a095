import type { Metadata } from 'next';
import { AdminPanels } from '@/components/admin/admin-panels';

export const metadata: Metadata = { title: 'Admin' };

export default function AdminPage() {
  return (
    <>
      <h1>Admin</h1>
      <AdminPanels />
    </>
  );
}
