'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { HEALTH_LOOK } from './health';
import { errorMessageOf } from '@/trpc/domain-error';
import { useTRPC } from '@/trpc/client';

/** Polls the node right now instead of waiting for the next tick. */
export function CollectNowButton({ nodeId }: { nodeId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const collect = useMutation(
    trpc.node.collectNow.mutationOptions({
      onSettled: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.node.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.container.pathKey() }),
        ]);
      },
    }),
  );
  return (
    <div className="collect-now">
      <button type="button" className="button" disabled={collect.isPending} onClick={() => collect.mutate({ id: nodeId })}>
        {collect.isPending ? 'Collecting…' : 'Collect now'}
      </button>
      <span aria-live="polite" className="small">
        {collect.data ? (collect.data.ok ? `Collected: ${HEALTH_LOOK[collect.data.health].label}` : `Failed: ${collect.data.error}`) : null}
        {collect.error ? errorMessageOf(collect.error) : null}
      </span>
    </div>
  );
}
