import { formatPercent } from '@/components/format/units';
import type { BeancounterRow } from '@/trpc/types';
import { BeancounterValue } from './beancounter-value';
import { heldPercent, LEVEL_LABEL, levelOf } from './beancounter-view';

/**
 * /proc/user_beancounters of one CT, in kernel order, with units and how close each is to its
 * barrier; rows whose failcnt rose in the last hour are marked with the number of refusals.
 */
export function BeancounterTable({ rows, refusals1h }: { rows: BeancounterRow[]; refusals1h: Record<string, number> }) {
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
            const recent = refusals1h[r.resource] ?? 0;
            const level = levelOf(r, recent);
            const pct = heldPercent(r);
            return (
              <tr key={r.resource} className={recent > 0 ? 'row-failing' : undefined} data-level={level}>
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
                <td className="num">
                  {recent > 0 ? <strong className="failcnt">{r.failcnt}</strong> : r.failcnt}
                  {recent > 0 ? (
                    <span className="human failcnt-rise" title="allocations refused in the last hour">
                      <span aria-hidden="true">▲ </span>+{recent} in 1 h
                    </span>
                  ) : null}
                </td>
                <td>
                  <span className={`level level-${level}`}>
                    {pct !== null ? `${formatPercent(pct)} · ` : ''}
                    {LEVEL_LABEL[level]}
                    {level === 'limit' && recent > 0 ? ' (refusals)' : ''}
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
