import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { MigrationJobPage } from '@/components/migration/migrations-page';

export const metadata: Metadata = { title: 'Migration' };

export default async function MigrationJobRoute({ params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  if (!/^[0-9a-f-]{36}$/.test(jobId)) notFound();
  return <MigrationJobPage jobId={jobId} />;
}
