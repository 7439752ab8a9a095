import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { NodePage } from '@/components/node/node-page';
import { nodeIdOfParam } from '@/components/format/route-params';

export const metadata: Metadata = { title: 'Node' };

export default async function NodeRoute({ params }: { params: Promise<{ id: string }> }) {
  const nodeId = nodeIdOfParam((await params).id);
  if (nodeId === null) notFound();
  return (
    <Suspense>
      <NodePage nodeId={nodeId} />
    </Suspense>
  );
}
