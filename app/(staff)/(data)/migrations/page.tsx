import type { Metadata } from 'next';
import { MigrationsPage } from '@/components/migration/migrations-page';

export const metadata: Metadata = { title: 'Migrations' };

export default function MigrationsRoute() {
  return <MigrationsPage />;
}
