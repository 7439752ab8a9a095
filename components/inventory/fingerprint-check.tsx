/** The presented fingerprint and how to check it on the node itself before trusting it. */
export function FingerprintCheck({ fingerprint }: { fingerprint: string }) {
  return (
    <>
      <p>
        The node presented this host key fingerprint:{' '}
        <code className="fingerprint">
          {fingerprint}
        </code>
      </p>
      <p>
        Compare it with the output of <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> run on the node
        itself (on its console, not over this network). Accept it only if they are the same.
      </p>
    </>
  );
}
