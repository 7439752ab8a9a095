import type { LookupResult } from '@/trpc/types';
import { CtProcesses } from '@/components/ct-actions/ct-processes';
import { FreeText } from '@/components/ui/free-text';
import { CopyButton } from './copy-button';
import { SuggestionBox } from '@/components/limits/suggestion-box';

const ICON = { good: '✓', warn: '▲', bad: '✕' } as const;
const ROUTE = { customer: 'Reply to the customer', admins: 'Pass to the admins', nobody: 'Nothing to escalate' } as const;

/** One container's verdict: what is wrong in plain words, who acts, and the evidence behind it. */
export function VerdictCard({ result }: { result: LookupResult }) {
  const v = result.verdict;
  const titleId = `verdict-${result.nodeId}-${result.ctId}`;
  return (
    <article className={`verdict verdict-${v.tone}`} aria-labelledby={titleId} data-kind={v.kind}>
      <header className="verdict-head">
        <p className="verdict-who">
          <strong>CT {result.ctId}</strong>
          {result.hostname ? (
            <>
              {' · '}
              <span className="hostname">
                <FreeText value={result.hostname} clip />
              </span>
            </>
          ) : null}
          {result.name ? (
            <>
              {' · '}
              <span className="ct-name">
                name <FreeText value={result.name} clip />
              </span>
            </>
          ) : null}
          <span className="muted"> · node {result.nodeName}</span>
          {result.ips.length > 0 ? <span className="mono small muted"> · {result.ips.join(', ')}</span> : null}
        </p>
        <h2 id={titleId} className="verdict-title">
          <span aria-hidden="true">{ICON[v.tone]} </span>
          {v.title}
        </h2>
      </header>
      <p className="verdict-message">{v.message}</p>
      <p className="verdict-route">
        <span className={`badge tone-${v.routeTo === 'customer' ? 'warn' : v.routeTo === 'admins' ? 'bad' : 'good'}`}>{ROUTE[v.routeTo]}</span>
      </p>
      <details className="verdict-evidence" open={v.kind !== 'healthy'}>
        <summary>Evidence</summary>
        <ul>
          {v.evidence.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      </details>
      <CtProcesses nodeId={result.nodeId} ctId={result.ctId} />
      {v.kind === 'own-limits' ? <SuggestionBox nodeId={result.nodeId} ctId={result.ctId} /> : null}
      <CopyButton text={result.ticketText} />
    </article>
  );
}
