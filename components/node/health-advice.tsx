import type { NodeHealth } from '@/vocabulary/node-health';
import type { NodeDetail } from '@/trpc/types';

type Node = NodeDetail['node'];

/** One plain sentence per health state: what is wrong and where to look. */
export function HealthAdvice({ health, node }: { health: NodeHealth; node: Node }) {
  const addr = (
    <code>
      {node.host}:{node.port}
    </code>
  );
  const user = <code>{node.sshUser}</code>;
  switch (health) {
    case 'unreachable':
      return <p>vzfleet cannot reach {addr} — is the node up, is the port open?</p>;
    case 'auth-failed':
      return (
        <p>
          The node refused the key for {user} — is the public key in <code>~{node.sshUser}/.ssh/authorized_keys</code>? If
          the message mentions the key file, check that vzfleet can read it.
        </p>
      );
    case 'timeout':
      return <p>{addr} did not answer in time — is the node overloaded, or is something on the way holding the connection open without answering?</p>;
    case 'parse-error':
      return <p>The node answered, but vzfleet could not read one of the OpenVZ tools’ output. The line it stopped at is shown above; the data below is from the last poll that worked.</p>;
    case 'command-failed':
      return <p>A command on the node failed. Does {user} have the rights to run the OpenVZ tools (vzlist, vzcpucheck), and are they installed?</p>;
    case 'degraded':
      return <p>The node answered and most data was collected, but part of it is missing, as listed above.</p>;
    case 'host-key-unknown':
      return <p>vzfleet does not yet trust this node’s host key, so it does not collect anything from it.</p>;
    case 'host-key-mismatch':
      return <p>The node presented a different host key than the one pinned. vzfleet stopped collecting until someone checks why.</p>;
    case 'never-polled':
      return <p>vzfleet has not polled this node yet. If no host key is pinned, test the connection on the Nodes page and accept the fingerprint.</p>;
    case 'ok':
      return null;
  }
}
