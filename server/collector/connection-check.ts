import { findNode } from '../inventory/nodes';
import { buildProbe } from '../ssh/commands';
import { SshError } from '../ssh/errors';
import { kernelFromProbe } from '../ssh/probe-output';
import { resolveSshTarget, type CollectorDeps } from './collect-node';
import { recordPollOutcome } from './poll-state';

/** What one connection check needs: the collector's own SSH and database parts (a Services fits). */
export type ConnectionCheckDeps = Pick<CollectorDeps, 'db' | 'ssh' | 'clock' | 'secret' | 'agentSocket' | 'commandTimeoutMs'> & { keyDir?: string };

export type ConnectionTest =
  | { result: 'ok'; fingerprint: string; kernel: string }
  | { result: 'host-key-unknown'; fingerprint: string; message: string }
  | { result: 'host-key-mismatch'; fingerprint: string; pinned: string; message: string }
  | { result: 'failed'; kind: string; message: string };

/**
 * The inventory's "test connection" button: connects once, outside the poll loop, with the
 * collector's SSH target, and records a presented fingerprint as a poll would. On first contact
 * nothing is trusted: the node's fingerprint is read and shown so a person can compare it with
 * `ssh-keygen -lf` on the node and accept it.
 */
export async function testNodeConnection(services: ConnectionCheckDeps, nodeId: number): Promise<ConnectionTest> {
  const node = await findNode(services.db, nodeId);
  try {
    const target = await resolveSshTarget(node, services);
    const conn = await services.ssh.probe(target);
    try {
      const out = await conn.exec(buildProbe(), { timeoutMs: services.commandTimeoutMs });
      if (out.code !== 0) {
        return { result: 'failed', kind: 'exit', message: `uname -r exited with ${out.code}: ${out.stderr.trim()}` };
      }
      return { result: 'ok', fingerprint: conn.presentedFingerprint, kernel: kernelFromProbe(out.stdout) };
    } finally {
      conn.close();
    }
  } catch (err) {
    if (!(err instanceof SshError)) throw err;
    if (err.presentedFingerprint) {
      // Remember what was shown: accepting a fingerprint means accepting exactly this one.
      await recordPollOutcome(services.db, node.id, {
        health: err.kind === 'host-key' ? 'host-key-mismatch' : 'host-key-unknown',
        at: services.clock(),
        durationMs: 0,
        success: false,
        errorText: err.message,
        errorLine: null,
        presentedFingerprint: err.presentedFingerprint,
      });
    }
    if (err.kind === 'host-key-unknown' && err.presentedFingerprint) {
      return { result: 'host-key-unknown', fingerprint: err.presentedFingerprint, message: err.message };
    }
    if (err.kind === 'host-key' && err.presentedFingerprint) {
      return { result: 'host-key-mismatch', fingerprint: err.presentedFingerprint, pinned: node.hostKeyFingerprint ?? '', message: err.message };
    }
    return { result: 'failed', kind: err.kind, message: err.message };
  }
}
