import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { ContainerPage } from '@/components/container/container-page';
import { ctIdOfParam, nodeIdOfParam } from '@/components/format/route-params';

export const metadata: Metadata = { title: 'Container' };

export default async function ContainerRoute({ params }: { params: Promise<{ id: string; ctId: string }> }) {
  const p = await params;
  const nodeId = nodeIdOfParam(p.id);
  const ctId = ctIdOfParam(p.ctId);
  if (nodeId === null || ctId === null) notFound();
  return (
    <Suspense>
      <ContainerPage nodeId={nodeId} ctId={ctId} />
    </Suspense>
  );
}
