import { configuredKeyDir, KeyFileError, readKeyFile } from '../inventory/key-file';
import type { Db } from '../../db/client';
import type { NodeHealth } from '../../vocabulary/node-health';
import type { WrapperRefusal } from '../../vocabulary/wrapper-refusal';
import { computeHistoryDerived } from '../history/series';
import { findNode, type NodeRow } from '../inventory/nodes';
import { OpenvzParseError } from '../openvz/errors';
import { buildVzlistJsonProbe, collectKindOf, newSectionToken, type VzlistForm } from '../ssh/commands';
import type { ExecResult, SshTarget } from '../ssh/connection';
import { SshError, type SshErrorKind } from '../ssh/errors';
import { decryptSecretText } from '../ssh/key-vault';
import { nodePoolKey, type LazySshTarget, type SshPool } from '../ssh/pool';
import { CollectCommandError, interpretCollect, type NodeSnapshot } from './interpret';
import type { HistoryRecorder } from './history-recorder';
import { recordPollOutcome, type PollOutcomeSink } from './poll-state';
import { describeNoise } from './noise';
import { printable, splitCollectOutput } from '../ssh/split-sections';
import { capContainers } from './ct-cap';
import { prepareSnapshotStore } from './store-snapshot';
import type { QuietSnapshotSink } from './quiet-snapshots';
import { previousOverPacked } from './beancounter-codec';
import { prepareLimitObservations } from '../limit-changes/reconcile';

export interface CollectorDeps {
  db: Db;
  ssh: SshPool;
  clock: () => Date;
  /** Decrypts stored private keys. */
  secret: Buffer;
  agentSocket?: string;
  /** Where key files may live; default VZFLEET_KEY_DIR (benchmarks and tests name their own). */
  keyDir?: string;
  commandTimeoutMs: number;
  /** The latest snapshot of each node, kept in memory: fast polls build on it. */
  latest?: Map<number, LatestEntry>;
  /** Read the slow-changing figures (quotas, config, vzcpucheck, meminfo) every Nth poll; 1 = always. */
  fullEvery?: number;
  history?: HistoryRecorder | null;
  /**
   * Each node's vzlist form, probed on its first full poll and remembered; forgotten when a full
   * poll fails, so a node whose vzctl was upgraded (or downgraded) is probed again. Without a map
   * every full poll probes.
   */
  vzlistForms?: Map<number, VzlistForm>;
  /** Where poll outcomes go; default straight to the database (the server batches them: batchPollOutcomes). */
  pollOutcomes?: PollOutcomeSink;
  /** Where quiet polls' snapshots go; default one statement each (the server batches them: batchQuietSnapshots). */
  quietSnapshots?: QuietSnapshotSink;
}

export interface LatestEntry {
  snapshot: NodeSnapshot;
  at: Date;
  /** The stored row this entry mirrors; the next store uses the entry instead of reading it back. */
  snapshotId: number;
  pollsSinceFull: number;
  /**
   * The snapshot's beancounters as stored: the next poll reads its failcnt, barrier and limit
   * figures from these bytes (previousOverPacked) instead of decoding ~1,400 rows.
   */
  packedBeancounters: Uint8Array;
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
  'output-limit': 'command-failed',
  protocol: 'unreachable',
  config: 'auth-failed',
};

export async function resolveSshTarget(node: NodeRow, deps: Pick<CollectorDeps, 'secret' | 'agentSocket'> & { keyDir?: string }): Promise<SshTarget> {
  const base = { host: node.host, port: node.port, username: node.sshUser, hostKeyFingerprint: node.hostKeyFingerprint, compression: node.sshCompression };
  switch (node.authMethod) {
    case 'key-file': {
      if (!node.keyFile) throw new SshError('config', 'no key file configured');
      try {
        // Checked again at use: the inventory check was at save time, and files change (issue 12 item 11).
        return { ...base, privateKey: await readKeyFile(deps.keyDir ?? configuredKeyDir(), node.keyFile) };
      } catch (err) {
        throw new SshError('config', `cannot read key file ${node.keyFile}: ${err instanceof KeyFileError ? err.message : ((err as NodeJS.ErrnoException).code ?? (err as Error).message)}`, { cause: err });
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

/** The node's target, read (key file, stored key) only when the pool must connect. */
function lazyNodeTarget(node: NodeRow, deps: Pick<CollectorDeps, 'secret' | 'agentSocket' | 'keyDir'>): LazySshTarget {
  const identity = JSON.stringify([node.host, node.port, node.sshUser, node.hostKeyFingerprint, node.sshCompression, node.authMethod, node.keyFile, node.storedKeyEnc, deps.agentSocket ?? null]);
  return { identity, resolve: () => resolveSshTarget(node, deps) };
}

/**
 * One poll of one node: one read of the collect script (over the connection's collect loop),
 * parse, store in one transaction, record health. Any failure records the node's state and leaves earlier snapshots untouched; it never
 * throws for a node problem, so one bad node cannot stop the others.
 */
export interface CollectOptions {
  /** A person asked: skip the connect backoff. */
  retryNow?: boolean;
  /**
   * Read everything (quotas, settings, CPU power, vzlist fields) even between full polls: "Collect
   * now" after a change on the node should show that change, not only fresh beancounters.
   */
  full?: boolean;
  /** The node's row as the scheduler read it this second; read here when absent. */
  node?: NodeRow;
  /** Whether the node has limit changes waiting to be confirmed; asked here when absent. */
  pendingLimits?: boolean;
}

export async function collectNode(deps: CollectorDeps, nodeId: number, opts: CollectOptions = {}): Promise<CollectResult> {
  const started = deps.clock();
  const elapsed = () => deps.clock().getTime() - started.getTime();
  const node = opts.node?.id === nodeId ? opts.node : await findNode(deps.db, nodeId);
  let result: CollectResult;
  // Undefined until the node answered: a poll that got no output keeps the last note.
  let noiseText: string | null | undefined;
  let wrapperRefused: readonly WrapperRefusal[] | undefined;
  let failedFull = () => {};
  try {
    const target = lazyNodeTarget(node, deps);
    const cached = deps.latest?.get(node.id) ?? null;
    const full = opts.full === true || !cached || cached.snapshot.needsFull === true || cached.pollsSinceFull + 1 >= (deps.fullEvery ?? 1);
    const vzlistForm = full ? await vzlistFormOf(deps, node.id, target, opts) : undefined;
    if (full) failedFull = () => deps.vzlistForms?.delete(node.id);
    // A fresh token per poll: nothing printed on the node can forge or close a section.
    const token = newSectionToken();
    const out = await deps.ssh.collect(nodePoolKey(node.id), target, collectKindOf({ full, vzlistForm }), token, deps.commandTimeoutMs, opts);
    wrapperRefused = out.wrapperRefused;
    const poll = readPoll(deps, node.id, out, token, { full, cached, started, pendingLimits: opts.pendingLimits }, (text) => (noiseText = text));
    const { snapshotId } = await poll.store.write(deps.db);
    // Settle limit changes vzfleet sent, and note the ones made on the node since the last poll.
    await poll.limits(deps.db, node.id);
    deps.latest?.set(node.id, {
      snapshot: poll.kept,
      at: started,
      snapshotId,
      pollsSinceFull: full ? (cached ? 0 : fullPollPhase(node.id, deps.fullEvery ?? 1)) : cached!.pollsSinceFull + 1,
      packedBeancounters: poll.store.packedBeancounters,
    });
    result = {
      ok: true,
      health: poll.kept.problems.length ? 'degraded' : 'ok',
      snapshotId,
      snapshot: poll.kept,
      problems: poll.kept.problems,
      durationMs: elapsed(),
    };
  } catch (err) {
    result = failure(err, elapsed());
    failedFull();
  }
  const outcome = {
    health: result.health,
    at: started,
    durationMs: result.durationMs,
    success: result.ok,
    errorText: result.ok ? (result.problems.length ? result.problems.join('\n') : null) : result.error,
    errorLine: result.ok ? null : result.errorLine,
    presentedFingerprint: result.ok ? null : result.presentedFingerprint,
    noiseText,
    wrapperRefused,
  };
  await (deps.pollOutcomes ? deps.pollOutcomes.record(node.id, outcome) : recordPollOutcome(deps.db, node.id, outcome));
  return result;
}

/**
 * Where a node starts its cycle of full polls after its first one in this process: spread by node
 * id, so that after a restart every fullEvery-th interval does not carry the whole fleet's full
 * polls at once (at 1000 nodes that interval cost ~2 ms more CPU per poll and its p99 reached
 * ~0.8 s, bench/collector), while each node still reads its slow figures every fullEvery polls.
 */
export function fullPollPhase(nodeId: number, fullEvery: number): number {
  return fullEvery > 1 ? nodeId % fullEvery : 0;
}

/**
 * The last poll as this poll's store and limit observations compare against it: its beancounters
 * read from its stored bytes and laid over this poll's rows when both list the same rows
 * (previousOverPacked), else decoded from those bytes in full.
 */
function overBaseline(cached: LatestEntry, now: NodeSnapshot): LatestEntry {
  const previous = previousOverPacked(cached.packedBeancounters, now.beancounters);
  if (!previous) return cached;
  // Copied by descriptor: a spread would read the kept snapshot's beancounters, i.e. decode them.
  const { beancounters: _decoded, ...rest } = Object.getOwnPropertyDescriptors(cached.snapshot);
  return { ...cached, snapshot: Object.defineProperties({ beancounters: previous }, rest) as NodeSnapshot };
}

/**
 * Everything a poll does with the node's answer before it waits for the database: parse, derived
 * figures, history, and the comparisons with the last poll (failcnt events, limits, the store's
 * row). What comes back holds the beancounters only as packed bytes, so the ~1,400 row objects of
 * a poll are garbage before its first database wait: at 1000 nodes a scavenge runs every few
 * hundred milliseconds, and rows held across the wait were copied and promoted, feeding the full
 * collections the GC's helper threads spent ~1–2 ms per node-poll on.
 */
function readPoll(
  deps: CollectorDeps,
  nodeId: number,
  out: ExecResult,
  token: string,
  poll: { full: boolean; cached: LatestEntry | null; started: Date; pendingLimits?: boolean },
  /** Told the noise as soon as the output is split: the poll's note even when parsing then fails. */
  onNoise: (text: string | null) => void,
) {
  let snapshot: NodeSnapshot;
  try {
    const split = splitCollectOutput(out.stdoutBytes, token);
    onNoise(describeNoise(split.noise, out.stderr));
    snapshot = capContainers(interpretCollect(split.sections, out.stderr, poll.full ? null : poll.cached!.snapshot));
  } finally {
    // The answer's bytes may be lent (ssh/answer-buffers.ts): all that is kept of them is decoded by now.
    out.release?.();
  }
  // The vzmemcheck figures feed both the stored summary and the history: computed once.
  const derived = computeHistoryDerived(snapshot);
  // stderr may hold NUL or other control bytes, which a Postgres text column refuses.
  const warnings = printable(out.stderr.slice(0, 8192));
  const cached = poll.cached;
  const before = cached ? overBaseline(cached, snapshot) : null;
  const store = prepareSnapshotStore(nodeId, snapshot, poll.started, warnings, { before, beforeForLocking: cached, commitment: derived.memory, quiet: deps.quietSnapshots });
  const limits = prepareLimitObservations(before?.snapshot ?? null, snapshot, poll.started, { pending: poll.pendingLimits });
  // Recorded before the store: the history holds what the node reported, whatever storing the
  // latest-snapshot row then meets (a database failure fails the poll but not the reading).
  deps.history?.record(nodeId, poll.started, snapshot, derived);
  return {
    store,
    limits,
    kept: store.kept,
  };
}

/**
 * `vzlist -j` exists from vzctl 4.0 (2012) and in OpenVZ 7's vzctl from 7.0.180 (2018); older
 * ones exit 1 with their usage text. A JSON array on stdout with exit 0 is the only "yes".
 */
async function vzlistFormOf(deps: CollectorDeps, nodeId: number, target: LazySshTarget, opts: CollectOptions): Promise<VzlistForm> {
  const known = deps.vzlistForms?.get(nodeId);
  if (known) return known;
  const probe = await deps.ssh.exec(nodePoolKey(nodeId), target, buildVzlistJsonProbe(), deps.commandTimeoutMs, opts);
  // A chatty login shell may print lines before the JSON: look for the array's opening line.
  const form: VzlistForm = probe.code === 0 && /^\s*\[/m.test(probe.stdout) ? 'json' : 'table';
  deps.vzlistForms?.set(nodeId, form);
  return form;
}

function failure(err: unknown, durationMs: number): CollectResult & { ok: false } {
  if (err instanceof SshError) {
    return { ok: false, health: healthOfSshError[err.kind], error: err.message, errorLine: null, presentedFingerprint: err.presentedFingerprint, durationMs };
  }
  if (err instanceof OpenvzParseError) {
    // The offending line is the node's text: it may hold NUL or control bytes a text column refuses.
    return { ok: false, health: 'parse-error', error: printable(err.message).slice(0, 2000), errorLine: printable(err.line).slice(0, 1000), presentedFingerprint: null, durationMs };
  }
  if (err instanceof CollectCommandError) {
    return { ok: false, health: 'command-failed', error: err.message, errorLine: null, presentedFingerprint: null, durationMs };
  }
  throw err; // a bug or a database failure: not a node problem, let it surface
}
