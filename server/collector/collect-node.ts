import fs from 'node:fs/promises';
import type { Db } from '../../db/client';
import type { NodeHealth } from '../../vocabulary/node-health';
import { computeHistoryDerived } from '../history/series';
import { findNode, type NodeRow } from '../inventory/nodes';
import { OpenvzParseError } from '../openvz/errors';
import { buildCollectScript } from '../ssh/commands';
import type { SshTarget } from '../ssh/connection';
import { SshError, type SshErrorKind } from '../ssh/errors';
import { decryptSecretText } from '../ssh/key-vault';
import { nodePoolKey, type SshPool } from '../ssh/pool';
import { CollectCommandError, interpretCollect, type NodeSnapshot } from './interpret';
import type { HistoryRecorder } from './history-recorder';
import { recordPollOutcome } from './poll-state';
import { splitCollectOutput } from './split-sections';
import { storeSnapshot } from './store-snapshot';

export interface CollectorDeps {
  db: Db;
  ssh: SshPool;
  clock: () => Date;
  /** Decrypts stored private keys. */
  secret: Buffer;
  agentSocket?: string;
  commandTimeoutMs: number;
  /** The latest snapshot of each node, kept in memory: fast polls build on it. */
  latest?: Map<number, LatestEntry>;
  /** Read the slow-changing figures (quotas, config, vzcpucheck, meminfo) every Nth poll; 1 = always. */
  fullEvery?: number;
  history?: HistoryRecorder | null;
}

export interface LatestEntry {
  snapshot: NodeSnapshot;
  at: Date;
  /** The stored row this entry mirrors; the next store uses the entry instead of reading it back. */
  snapshotId: number;
  pollsSinceFull: number;
}

export type CollectResult =
  | { ok: true; health: 'ok' | 'degraded'; snapshotId: number; snapshot: NodeSnapshot; problems: string[]; durationMs: number }
  | { ok: false; health: NodeHealth; error: string; errorLine: string | null; presentedFingerprint: string | null; durationMs: number };

const healthOfSshError: Record<SshErrorKind, NodeHealth> = {
  unreachable: 'unreachable',
  auth: 'auth-failed',
  timeout: 'timeout',
  'host-key': 'host-key-mismatch',
  'host-key-unknown': 'host-key-unknown',
  exit: 'command-failed',
  protocol: 'unreachable',
  config: 'auth-failed',
};

export async function resolveSshTarget(node: NodeRow, deps: Pick<CollectorDeps, 'secret' | 'agentSocket'>): Promise<SshTarget> {
  const base = { host: node.host, port: node.port, username: node.sshUser, hostKeyFingerprint: node.hostKeyFingerprint };
  switch (node.authMethod) {
    case 'key-file': {
      if (!node.keyFile) throw new SshError('config', 'no key file configured');
      try {
        return { ...base, privateKey: await fs.readFile(node.keyFile, 'utf8') };
      } catch (err) {
        throw new SshError('config', `cannot read key file ${node.keyFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
      }
    }
    case 'stored-key': {
      if (!node.storedKeyEnc) throw new SshError('config', 'no stored key');
      try {
        return { ...base, privateKey: decryptSecretText(node.storedKeyEnc, deps.secret) };
      } catch (err) {
        throw new SshError('config', (err as Error).message, { cause: err });
      }
    }
    case 'agent':
      if (!deps.agentSocket) throw new SshError('config', 'ssh-agent selected but SSH_AUTH_SOCK is not set for vzfleet');
      return { ...base, agent: deps.agentSocket };
  }
}

/**
 * One poll of one node: one exec of the collect script, parse, store in one transaction, record
 * health. Any failure records the node's state and leaves earlier snapshots untouched; it never
 * throws for a node problem, so one bad node cannot stop the others.
 */
export async function collectNode(deps: CollectorDeps, nodeId: number, opts: { retryNow?: boolean } = {}): Promise<CollectResult> {
  const started = deps.clock();
  const elapsed = () => deps.clock().getTime() - started.getTime();
  const node = await findNode(deps.db, nodeId);
  let result: CollectResult;
  try {
    const target = await resolveSshTarget(node, deps);
    const cached = deps.latest?.get(node.id) ?? null;
    const full = !cached || cached.snapshot.needsFull === true || cached.pollsSinceFull + 1 >= (deps.fullEvery ?? 1);
    const out = await deps.ssh.exec(nodePoolKey(node.id), target, buildCollectScript({ full }), deps.commandTimeoutMs, opts);
    const snapshot = interpretCollect(splitCollectOutput(out.stdout), out.stderr, full ? null : cached!.snapshot);
    // The vzmemcheck figures feed both the stored summary and the history: computed once.
    const derived = computeHistoryDerived(snapshot);
    const { snapshotId } = await storeSnapshot(deps.db, node.id, snapshot, started, out.stderr.slice(0, 8192), { before: cached, commitment: derived.memory });
    deps.latest?.set(node.id, { snapshot, at: started, snapshotId, pollsSinceFull: full ? 0 : cached!.pollsSinceFull + 1 });
    deps.history?.record(node.id, started, snapshot, derived);
    result = {
      ok: true,
      health: snapshot.problems.length ? 'degraded' : 'ok',
      snapshotId,
      snapshot,
      problems: snapshot.problems,
      durationMs: elapsed(),
    };
  } catch (err) {
    result = failure(err, elapsed());
  }
  await recordPollOutcome(deps.db, node.id, {
    health: result.health,
    at: started,
    durationMs: result.durationMs,
    success: result.ok,
    errorText: result.ok ? (result.problems.length ? result.problems.join('\n') : null) : result.error,
    errorLine: result.ok ? null : result.errorLine,
    presentedFingerprint: result.ok ? null : result.presentedFingerprint,
  });
  return result;
}

function failure(err: unknown, durationMs: number): CollectResult & { ok: false } {
  if (err instanceof SshError) {
    return { ok: false, health: healthOfSshError[err.kind], error: err.message, errorLine: null, presentedFingerprint: err.presentedFingerprint, durationMs };
  }
  if (err instanceof OpenvzParseError) {
    return { ok: false, health: 'parse-error', error: err.message, errorLine: err.line, presentedFingerprint: null, durationMs };
  }
  if (err instanceof CollectCommandError) {
    return { ok: false, health: 'command-failed', error: err.message, errorLine: null, presentedFingerprint: null, durationMs };
  }
  throw err; // a bug or a database failure: not a node problem, let it surface
}
