import type { ConnectionTest } from '@/trpc/types';
import { AcceptFingerprint } from './accept-fingerprint';
import { FingerprintCheck } from './fingerprint-check';

/** What one connection test found, and what to do about it. */
export function ConnectionTestResult({ nodeId, test }: { nodeId: number; test: ConnectionTest }) {
  switch (test.result) {
    case 'ok':
      return (
        <div className="result result-ok" role="status">
          <p>
            <strong>Connected.</strong> Kernel <code>{test.kernel}</code>, host key <code className="fingerprint">{test.fingerprint}</code> matches
            the pinned one.
          </p>
        </div>
      );
    case 'host-key-unknown':
      return (
        <div className="result result-warn" role="status">
          <p>
            <strong>New host key.</strong> vzfleet has not been told to trust this node yet.
          </p>
          <FingerprintCheck fingerprint={test.fingerprint} />
          <AcceptFingerprint nodeId={nodeId} fingerprint={test.fingerprint} />
        </div>
      );
    case 'host-key-mismatch':
      return (
        <div className="result result-bad" role="alert">
          <p>
            <strong>Warning: the host key changed.</strong> Someone may be intercepting the connection, or the node was
            reinstalled.
          </p>
          <dl className="fingerprints">
            <dt>Pinned</dt>
            <dd>
              <code className="fingerprint">{test.pinned}</code>
            </dd>
            <dt>Presented now</dt>
            <dd>
              <code className="fingerprint">{test.fingerprint}</code>
            </dd>
          </dl>
          <p>Accept the new key only if the node was reinstalled and the new key matches <code>ssh-keygen -lf</code> on its console.</p>
          <AcceptFingerprint nodeId={nodeId} fingerprint={test.fingerprint} label="Accept the new key" />
        </div>
      );
    case 'failed':
      return (
        <div className="result result-bad" role="alert">
          <p>
            <strong>Connection failed</strong> ({test.kind}): {test.message}
          </p>
        </div>
      );
  }
}
