'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';
import { isCtId } from '@/vocabulary/ct-id';
import { LimitSuggestions } from './limit-suggestions';

/**
 * The support desk's read-only view of the fix: which limit the admins would raise and what it
 * costs the node. No button: support cannot change limits (the role matrix says so too).
 */
export function SuggestionBox({ nodeId, ctId }: { nodeId: number; ctId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.limit.suggest.queryOptions({ nodeId, ctId }, { enabled: isCtId(ctId) }));
  if (!q.data || q.data.suggestions.length === 0) return null;
  return (
    <details className="verdict-fix">
      <summary>Suggested fix (for the admins)</summary>
      <LimitSuggestions suggestions={q.data.suggestions} />
    </details>
  );
}
