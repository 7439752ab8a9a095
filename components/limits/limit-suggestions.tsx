'use client';

import { formatPercent } from '@/components/format/units';
import type { RouterOutputs } from '@/trpc/types';
import type { LimitChange, LimitParam } from '@/vocabulary/limit-param';
import { valueText } from './limit-form';

type Suggestion = RouterOutputs['limit']['suggest']['suggestions'][number];

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatPercent(v * 100));

/**
 * From verdict to fix: the limits the CT keeps hitting, the raise its recent use calls for, and what
 * it costs the node. Everyone sees it; only an operator or admin gets the button that opens the
 * editor prefilled.
 */
export function LimitSuggestions({ suggestions, onOpen }: { suggestions: Suggestion[]; onOpen?: (change: LimitChange) => void }) {
  if (suggestions.length === 0) return <p className="small muted">No limit needs raising: nothing was refused or near its barrier in the last 24 hours.</p>;
  return (
    <ul className="limit-suggestions" aria-label="Suggested limit raises">
      {suggestions.map((s) => {
        const p = s.resource as LimitParam;
        const mem = s.whatIf.memory;
        return (
          <li key={s.resource} className="card">
            <p>
              <strong>
                Raise {s.resource} from {valueText(p, { barrier: s.wallBefore, limit: null }).split(' : ')[0]} to {valueText(p, { barrier: s.wallAfter, limit: null }).split(' : ')[0]}
              </strong>{' '}
              — {s.why}.
            </p>
            {mem ? (
              <p className="small">
                Node cost: alloc limit {pct(mem.before.allocLimit)} → {pct(mem.after.allocLimit)}, alloc commit {pct(mem.before.allocCommit)} → {pct(mem.after.allocCommit)}.
              </p>
            ) : null}
            {onOpen ? (
              <button type="button" className="button" onClick={() => onOpen(s.change as LimitChange)}>
                Open in the limit editor
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
