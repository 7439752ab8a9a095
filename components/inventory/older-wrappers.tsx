import Link from 'next/link';
import { WRAPPER_COMMAND } from '@/components/node/wrapper-note';
import type { NodeSummary } from '@/trpc/types';
import { parseWrapperRefusals } from '@/vocabulary/wrapper-refusal';

const NAMED = 8;

/** Which nodes still run a collector wrapper from an older vzfleet: a fleet-wide rollout needs the list, not 1000 node pages. */
export function OlderWrappers({ nodes }: { nodes: readonly NodeSummary[] }) {
  const older = nodes.filter((n) => parseWrapperRefusals(n.poll?.wrapperRefused).length > 0);
  if (older.length === 0) return null;
  return (
    <section className="alert alert-info" role="note" aria-labelledby="older-wrappers-title" data-testid="older-wrappers">
      <h2 id="older-wrappers-title" className="alert-title">
        {older.length === 1 ? '1 node runs' : `${older.length} nodes run`} a collector wrapper from an older vzfleet
      </h2>
      <p className="small">
        {older.slice(0, NAMED).map((n, i) => (
          <span key={n.id}>
            {i > 0 ? ', ' : ''}
            <Link href={`/nodes/${n.id}`}>{n.name}</Link>
          </span>
        ))}
        {older.length > NAMED ? ` and ${older.length - NAMED} more` : ''}. Their polls are complete but cost the collector more. Install the output
        of <code>{WRAPPER_COMMAND}</code> on them; vzfleet sees it within the hour.
      </p>
    </section>
  );
}
