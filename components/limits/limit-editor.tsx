'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useTRPC } from '@/trpc/client';
import { LIMIT_PARAMS, type CtLimits, type LimitParam } from '@/vocabulary/limit-param';
import { changeOf, formOfCurrent, isPair, unitLabel, type LimitForm } from './limit-form';
import { WhatIfPanel } from './what-if-panel';

/**
 * Edit one limit: the values in MiB/KiB, the what-if as you type, and Apply — one step. The node's
 * answer and the next poll's confirmation show in the changes list below.
 */
export function LimitEditor({ nodeId, ctId, initial, current, onClose }: { nodeId: number; ctId: string; initial: LimitForm; current?: CtLimits; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [form, setForm] = useState<LimitForm>(initial);
  const change = changeOf(form);
  const valid = !('error' in change);
  const whatIf = useQuery(trpc.limit.whatIf.queryOptions({ nodeId, ctId, change: valid ? (change as never) : ({ param: 'cpuunits', value: 1000 } as never) }, { enabled: valid }));
  const apply = useMutation(
    trpc.limit.set.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries();
        onClose();
      },
    }),
  );
  const unit = unitLabel(form.param);
  const pair = isPair(form.param);
  const blocked = whatIf.data ? !whatIf.data.whatIf.ok : true;
  return (
    <section className="card limit-editor" aria-labelledby="limit-editor-title">
      <h3 id="limit-editor-title">Change a limit of CT {ctId}</h3>
      <div className="form-row">
        <label htmlFor="limit-param">Parameter</label>
        <select id="limit-param" value={form.param} onChange={(e) => setForm(formOfCurrent(e.target.value as LimitParam, current))}>
          {LIMIT_PARAMS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <div className="form-row">
        <label htmlFor="limit-first">{pair ? (form.param === 'diskspace' || form.param === 'diskinodes' ? 'Soft limit' : 'Barrier') : 'Value'}{unit ? ` (${unit})` : ''}</label>
        <input id="limit-first" inputMode="decimal" value={form.first} onChange={(e) => setForm({ ...form, first: e.target.value })} />
      </div>
      {pair ? (
        <div className="form-row">
          <label htmlFor="limit-second">{form.param === 'diskspace' || form.param === 'diskinodes' ? 'Hard limit' : 'Limit'}{unit ? ` (${unit})` : ''}</label>
          <input id="limit-second" inputMode="decimal" placeholder="unlimited" value={form.second} onChange={(e) => setForm({ ...form, second: e.target.value })} />
        </div>
      ) : null}
      {!valid ? <p className="tone-bad" role="alert">{change.error}</p> : null}
      {valid && whatIf.data ? <WhatIfPanel whatIf={whatIf.data.whatIf} /> : null}
      {valid && whatIf.isPending ? <p className="muted" role="status">Computing the what-if…</p> : null}
      {whatIf.error ? <ErrorPanel title="Could not compute the what-if" error={whatIf.error} /> : null}
      {apply.error ? <ErrorPanel title="The change was not applied" error={apply.error} /> : null}
      <div className="actions">
        <button type="button" className="button primary" disabled={!valid || blocked || apply.isPending} onClick={() => valid && apply.mutate({ nodeId, ctId, change: change as never })}>
          {apply.isPending ? 'Applying…' : 'Apply'}
        </button>{' '}
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </section>
  );
}
