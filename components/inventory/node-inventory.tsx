'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { useTRPC } from '@/trpc/client';
import type { NodeSummary } from '@/trpc/types';
import { EmptyInventory } from './empty-inventory';
import { NodeForm } from './node-form';
import { NodeTable } from './node-table';
import { OlderWrappers } from './older-wrappers';

type Editing = { mode: 'closed' } | { mode: 'add' } | { mode: 'edit'; node: NodeSummary };

/** The /nodes page: the inventory, its form, and a connection test per node. */
export function NodeInventory() {
  const trpc = useTRPC();
  const list = useQuery(trpc.node.list.queryOptions(undefined, { refetchInterval: 15_000 }));
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  const [notice, setNotice] = useState('');

  const openAdd = () => {
    setNotice('');
    setEditing({ mode: 'add' });
  };
  const done = (verb: string) => (name: string) => {
    setEditing({ mode: 'closed' });
    setNotice(`Node ${name} ${verb}.${verb === 'added' ? ' Use “Test connection” to check and accept its host key.' : ''}`);
  };

  return (
    <>
      <div className="page-head">
        <h1>Nodes</h1>
        {editing.mode === 'closed' ? (
          <button type="button" className="button button-primary" onClick={openAdd}>
            Add node
          </button>
        ) : null}
      </div>
      <p role="status" className="notice" hidden={!notice}>
        {notice}
      </p>
      {editing.mode !== 'closed' ? (
        <NodeForm
          key={editing.mode === 'edit' ? editing.node.id : 'new'}
          original={editing.mode === 'edit' ? editing.node : null}
          onDone={done(editing.mode === 'edit' ? 'saved' : 'added')}
          onCancel={() => setEditing({ mode: 'closed' })}
        />
      ) : null}
      {list.isPending ? <Skeleton lines={4} label="Loading nodes…" /> : null}
      {list.error ? <ErrorPanel title="Could not load the nodes" error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.length === 0 && editing.mode === 'closed' ? <EmptyInventory onAdd={openAdd} /> : null}
      {list.data ? <OlderWrappers nodes={list.data} /> : null}
      {list.data && list.data.length > 0 ? (
        <NodeTable
          nodes={list.data}
          onEdit={(node) => {
            setNotice('');
            setEditing({ mode: 'edit', node });
          }}
        />
      ) : null}
    </>
  );
}
