import type { Metadata } from 'next';
import { NodeInventory } from '@/components/inventory/node-inventory';

export const metadata: Metadata = { title: 'Nodes' };

export default function NodesPage() {
  return <NodeInventory />;
}
