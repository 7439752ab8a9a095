'use client';

import { useState } from 'react';
import { MigrateDialog } from './migrate-dialog';

/** Node page: pick one of the node's CTs and migrate it. */
export function NodeMigrate({ nodeId, ctIds }: { nodeId: number; ctIds: string[] }) {
  const [ctId, setCtId] = useState('');
  const [open, setOpen] = useState(false);
  if (open && ctId) return <MigrateDialog nodeId={nodeId} ctId={ctId} onClose={() => setOpen(false)} />;
  return (
    <p className="table-tools">
      <label htmlFor="migrate-ct">Migrate container</label>
      <select id="migrate-ct" value={ctId} onChange={(e) => setCtId(e.target.value)}>
        <option value="">choose…</option>
        {ctIds.map((id) => (
          <option key={id} value={id}>
            CT {id}
          </option>
        ))}
      </select>
      <button type="button" className="button" disabled={!ctId} onClick={() => setOpen(true)}>
        Migrate…
      </button>
    </p>
  );
}
