'use client';

import { formatPercent } from '@/components/format/units';
import type { RouterOutputs } from '@/trpc/types';

type WhatIf = RouterOutputs['limit']['whatIf']['whatIf'];

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatPercent(v * 100));

/** Before → after of the figures the charts show: the CT's own headroom, the node's commitment. */
export function WhatIfPanel({ whatIf }: { whatIf: WhatIf }) {
  const { headroom, memory, cpu, findings } = whatIf;
  return (
    <div className="what-if" aria-label="What if">
      <table className="table compact">
        <caption>What this change does</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Now</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {headroom ? (
            <tr>
              <th scope="row">Recent peak of {headroom.resource} (24 h) against its barrier</th>
              <td>{pct(headroom.shareBefore)}</td>
              <td>
                {pct(headroom.shareAfter)}
                {headroom.wouldRefuse ? <span className="badge tone-bad"> the recent peak would be refused</span> : null}
              </td>
            </tr>
          ) : null}
          {memory ? (
            <>
              <tr>
                <th scope="row">Node alloc commit (vzmemcheck)</th>
                <td>{pct(memory.before.allocCommit)}</td>
                <td>{pct(memory.after.allocCommit)}</td>
              </tr>
              <tr>
                <th scope="row">Node alloc limit (vzmemcheck)</th>
                <td>{pct(memory.before.allocLimit)}</td>
                <td>{pct(memory.after.allocLimit)}</td>
              </tr>
              <tr>
                <th scope="row">Node mem+swap commit (vzmemcheck)</th>
                <td>{pct(memory.before.memswapCommit)}</td>
                <td>{pct(memory.after.memswapCommit)}</td>
              </tr>
            </>
          ) : null}
          {cpu ? (
            <tr>
              <th scope="row">Node CPU guaranteed (vzcpucheck)</th>
              <td>{pct(cpu.before)}</td>
              <td>{pct(cpu.after)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {whatIf.recentRefusals > 0 ? <p className="small">Refused {whatIf.recentRefusals} times in the last 24 hours.</p> : null}
      {findings.length > 0 ? (
        <ul className="findings" aria-label="Checks">
          {findings.map((f) => (
            <li key={f.rule} className={f.blocking ? 'tone-bad' : 'muted'}>
              <strong>{f.blocking ? 'Not allowed' : f.severity === 'advice' ? 'Advice' : f.preexisting ? 'Already so' : 'Warning'}:</strong> {f.message}{' '}
              <span className="small muted" title={f.source}>
                ({f.rule})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="small muted">Passes vzctl’s and vzcfgvalidate’s checks.</p>
      )}
    </div>
  );
}
