'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessageOf } from '@/trpc/domain-error';
import { useTRPC } from '@/trpc/client';

/** Removing a node deletes its history, so it asks first. */
export function RemoveNodeButton({ id, name }: { id: number; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.node.remove.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.node.pathKey() }),
    }),
  );
  if (!confirming) {
    return (
      <button type="button" className="button button-small" onClick={() => setConfirming(true)}>
        Remove
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`Confirm removal of ${name}`}>
      <span>Remove {name} and all its history?</span>
      <button type="button" className="button button-small button-danger" disabled={remove.isPending} onClick={() => remove.mutate({ id })}>
        {remove.isPending ? 'Removing…' : 'Yes, remove'}
      </button>
      <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {remove.error ? (
        <span className="field-error" role="alert">
          {errorMessageOf(remove.error)}
        </span>
      ) : null}
    </span>
  );
}
