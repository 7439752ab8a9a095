import { formatPercent } from '@/components/format/units';
import type { BeancounterRow } from '@/trpc/types';
import { BeancounterValue } from './beancounter-value';
import { heldPercent, LEVEL_LABEL, levelOf } from './beancounter-view';

/** /proc/user_beancounters of one CT, in kernel order, with units and how close each is to its barrier. */
export function BeancounterTable({ rows }: { rows: BeancounterRow[] }) {
  if (rows.length === 0) return <p className="muted">No beancounters in the latest snapshot (the CT may be stopped).</p>;
  return (
    <div className="table-wrap">
      <table className="data-table beancounters" aria-label="Beancounters">
        <thead>
          <tr>
            <th scope="col">Resource</th>
            <th scope="col" className="num">held</th>
            <th scope="col" className="num">maxheld</th>
            <th scope="col" className="num">barrier</th>
            <th scope="col" className="num">limit</th>
            <th scope="col" className="num">failcnt</th>
            <th scope="col">held of barrier</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const level = levelOf(r);
            const pct = heldPercent(r);
            return (
              <tr key={r.resource} className={r.failcnt > 0 ? 'row-failing' : undefined} data-level={level}>
                <th scope="row" className="mono">
                  {r.resource}
                </th>
                <td className="num">
                  <BeancounterValue resource={r.resource} value={r.held} />
                </td>
                <td className="num">
                  <BeancounterValue resource={r.resource} value={r.maxheld} />
                </td>
                <td className="num">
                  <BeancounterValue resource={r.resource} value={r.barrier} />
                </td>
                <td className="num">
                  <BeancounterValue resource={r.resource} value={r.limit} />
                </td>
                <td className="num">{r.failcnt > 0 ? <strong className="failcnt">{r.failcnt}</strong> : r.failcnt}</td>
                <td>
                  <span className={`level level-${level}`}>
                    {pct !== null ? `${formatPercent(pct)} · ` : ''}
                    {LEVEL_LABEL[level]}
                    {level === 'limit' && r.failcnt > 0 ? ' (refusals)' : ''}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
