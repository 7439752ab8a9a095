'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatBytes } from '@/components/format/units';
import { useTRPC } from '@/trpc/client';

const GiB = 1024 ** 3;

/** A GiB figure typed by an admin → whole bytes; empty = not recorded. */
function toBytes(text: string): number | null {
  const v = Number(text.trim());
  return text.trim() === '' || !Number.isFinite(v) ? null : Math.round(v * GiB);
}
const toGiB = (bytes: number | null | undefined) => (bytes == null ? '' : String(Math.round((bytes / GiB) * 100) / 100));

/**
 * The node's real capacity as an admin recorded it, and the figures the node claims above it. A
 * node that has been taken over can report any RAM or disk to draw containers; placement believes
 * the smaller figure, and this says which ones disagree.
 */
export function NodeCapacity({ nodeId }: { nodeId: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const view = useQuery(trpc.node.capacity.queryOptions({ id: nodeId }));
  const me = useQuery(trpc.account.me.queryOptions());
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ ram: '', swap: '', disk: '', cpu: '' });
  const save = useMutation(
    trpc.node.setCapacity.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        void qc.invalidateQueries();
      },
    }),
  );
  if (!view.data) return null;
  const r = view.data.recorded;
  const edit = () => {
    setForm({ ram: toGiB(r?.ramBytes), swap: toGiB(r?.swapBytes), disk: toGiB(r?.vzDiskBytes), cpu: r?.cpuPower == null ? '' : String(r.cpuPower) });
    setEditing(true);
  };
  const shown = (b: number | null | undefined) => (b == null ? 'not recorded' : formatBytes(b));
  return (
    <section aria-labelledby="capacity-title" className="card">
      <h2 id="capacity-title">Recorded capacity</h2>
      {view.data.warnings.length > 0 ? (
        <ul role="alert" aria-label="Capacity warnings">
          {view.data.warnings.map((w) => (
            <li key={w.figure} className="tone-warn">
              {w.message} ({w.figure === 'CPU power' ? `${w.claimed} vs ${w.recorded}` : `${formatBytes(w.claimed)} vs ${formatBytes(w.recorded)}`})
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        RAM {shown(r?.ramBytes)} · swap {shown(r?.swapBytes)} · /vz {shown(r?.vzDiskBytes)} · CPU power {r?.cpuPower ?? 'not recorded'}
        {r ? <span className="muted"> — recorded by {r.updatedBy}</span> : null}
      </p>
      {me.data?.role === 'admin' && !editing ? (
        <button type="button" className="button button-small" onClick={edit}>
          Record capacity…
        </button>
      ) : null}
      {editing ? (
        <form
          aria-label="Record capacity"
          onSubmit={(e) => {
            e.preventDefault();
            const cpu = form.cpu.trim() === '' ? null : Math.round(Number(form.cpu));
            save.mutate({ id: nodeId, values: { ramBytes: toBytes(form.ram), swapBytes: toBytes(form.swap), vzDiskBytes: toBytes(form.disk), cpuPower: Number.isFinite(cpu) ? cpu : null } });
          }}
        >
          {(
            [
              ['ram', 'RAM (GiB)'],
              ['swap', 'Swap (GiB)'],
              ['disk', 'Disk of /vz (GiB)'],
              ['cpu', 'CPU power (cpuunits, vzcpucheck)'],
            ] as const
          ).map(([k, label]) => (
            <label key={k} className="field">
              {label}
              <input inputMode="decimal" value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
            </label>
          ))}
          {save.error ? <p role="alert">{save.error.message}</p> : null}
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            Save
          </button>{' '}
          <button type="button" className="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : null}
    </section>
  );
}
