import { AcceptFingerprint } from '@/components/inventory/accept-fingerprint';
import { FingerprintCheck } from '@/components/inventory/fingerprint-check';
import { RelativeTime } from '@/components/ui/relative-time';
import type { NodeDetail, PollState } from '@/trpc/types';
import { HEALTH_LOOK } from './health';
import { HealthAdvice } from './health-advice';

/** Why the node is not ok, in the collector's words, and what a person can do about it. */
export function NodeHealthAlert({ node, poll }: { node: NodeDetail['node']; poll: PollState }) {
  const { health } = poll;
  if (health === 'ok') return null;
  const look = HEALTH_LOOK[health];
  const tone = look.tone === 'neutral' ? 'info' : look.tone;
  return (
    <section className={`alert alert-${tone}`} role={look.tone === 'bad' ? 'alert' : 'status'} aria-labelledby="health-alert-title">
      <h2 id="health-alert-title" className="alert-title">
        <span aria-hidden="true">{look.icon}</span> {look.label}
        <span className="alert-since">
          {' '}
          — <RelativeTime at={poll.healthSince} prefix="since " />
        </span>
      </h2>
      {poll.lastErrorText ? <p className="domain-message">{poll.lastErrorText}</p> : null}
      {poll.lastErrorLine ? <pre className="offending-line">{poll.lastErrorLine}</pre> : null}
      <HealthAdvice health={health} node={node} />
      {health === 'host-key-mismatch' ? (
        <>
          <dl className="fingerprints">
            <dt>Pinned</dt>
            <dd>
              <code className="fingerprint">{node.hostKeyFingerprint ?? 'none'}</code>
            </dd>
            <dt>Presented now</dt>
            <dd>
              <code className="fingerprint">{poll.presentedFingerprint ?? 'unknown'}</code>
            </dd>
          </dl>
          <p>
            <strong>Accept the new key only if the node was reinstalled</strong> and the new fingerprint matches{' '}
            <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on its console.
          </p>
          {poll.presentedFingerprint ? <AcceptFingerprint nodeId={node.id} fingerprint={poll.presentedFingerprint} label="Accept the new key" linkToNode={false} /> : null}
        </>
      ) : null}
      {health === 'host-key-unknown' && poll.presentedFingerprint ? (
        <>
          <FingerprintCheck fingerprint={poll.presentedFingerprint} />
          <AcceptFingerprint nodeId={node.id} fingerprint={poll.presentedFingerprint} linkToNode={false} />
        </>
      ) : null}
      {poll.lastAttemptAt ? (
        <p className="small muted">
          Last attempt <RelativeTime at={poll.lastAttemptAt} />
          {poll.lastSuccessAt ? (
            <>
              , last success <RelativeTime at={poll.lastSuccessAt} />
            </>
          ) : (
            ', never succeeded'
          )}
          .
        </p>
      ) : null}
    </section>
  );
}
