'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { errorMessageOf } from '@/trpc/domain-error';
import { useTRPC } from '@/trpc/client';

/** Pins exactly the fingerprint that was shown, then starts collecting. */
interface AcceptFingerprintProps {
  nodeId: number;
  fingerprint: string;
  label?: string;
  /** Off on the node page itself. */
  linkToNode?: boolean;
}

export function AcceptFingerprint({ nodeId, fingerprint, label = 'Accept fingerprint', linkToNode = true }: AcceptFingerprintProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const accept = useMutation(
    trpc.node.acceptHostKey.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.node.pathKey() }),
    }),
  );
  if (accept.isSuccess) {
    return (
      <p className="result-ok" role="status">
        Fingerprint accepted — vzfleet is collecting data now.{' '}
        {linkToNode ? <Link href={`/nodes/${nodeId}`}>Open the node page</Link> : null}
      </p>
    );
  }
  return (
    <div className="accept">
      <button type="button" className="button button-primary" disabled={accept.isPending} onClick={() => accept.mutate({ id: nodeId, fingerprint })}>
        {accept.isPending ? 'Accepting…' : label}
      </button>
      {accept.error ? (
        <p className="field-error" role="alert">
          {errorMessageOf(accept.error)}
        </p>
      ) : null}
    </div>
  );
}
