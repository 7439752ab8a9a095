import { computeBackoffMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { connectSsh, type ExecOptions, type ExecResult, type SshConnection, type SshTarget, type StreamOptions } from './connection';
import { CollectLoop, CollectLoopUnavailable, collectScriptFor } from './collect-loop';
import { WRAPPER_REFUSAL, type CollectKind, type ScriptEdition } from './commands';
import { SshError } from './errors';
import { Limiter } from './limiter';
import type { WrapperRefusal } from '../../vocabulary/wrapper-refusal';

/** The pool's key for a node's connection: one connection per inventory node. */
export function nodePoolKey(nodeId: number): string {
  return 'node:' + String(nodeId);
}

/**
 * What a connection's wrapper refused holds for that connection. After this long (or at once when
 * a person asks for a poll) the pool replaces the connection, and the new one asks everything
 * again: a wrapper re-installed on the node takes effect within the hour, or on "Collect now". Each
 * ask costs a handshake and the wrapper's "refused" lines in the node's syslog.
 */
export const ASK_REFUSED_AGAIN_MS = 60 * 60_000;

/** A collect read, and what the node's wrapper refused of this version's ways on the way there. */
export type CollectAnswer = ExecResult & { wrapperRefused: readonly WrapperRefusal[] };

interface Entry {
  identity: string;
  /** The LazySshTarget identity the connection was last used under, when it was. */
  lazyIdentity?: string;
  conn: Promise<SshConnection>;
  /** The connection, once open. */
  opened?: SshConnection;
}

/**
 * A target resolved only when a connection must be made: a poll on a kept connection then reads
 * no key file and decrypts no stored key. `identity` must change whenever the resolved target
 * would (the node's address, user, pinned key, auth settings).
 */
export interface LazySshTarget {
  identity: string;
  resolve(): Promise<SshTarget>;
}

const isLazy = (t: SshTarget | LazySshTarget): t is LazySshTarget => typeof (t as LazySshTarget).resolve === 'function';

interface Failure {
  identity: string;
  count: number;
  retryAt: number;
  error: SshError;
}

export interface SshPoolOptions {
  connectTimeoutMs: number;
  /**
   * Handshakes in flight fleet-wide. A legacy diffie-hellman key exchange costs real CPU; an
   * unbounded reconnect wave after a network blip would starve the web server.
   */
  maxHandshakes?: number;
  backoff?: BackoffPolicy;
  now?: () => number;
  random?: () => number;
}

/**
 * One long-lived connection per node, reused by every poll. A connection whose target changed (new
 * host, port, key or pinned fingerprint) is dropped and rebuilt; a dead one is rebuilt on next use.
 */
export class SshPool {
  private readonly entries = new Map<string, Entry>();
  private readonly failures = new Map<string, Failure>();
  private readonly handshakes: Limiter;
  /** Handshakes started by this pool; polls that reuse a connection do not add to it. */
  connectsStarted = 0;
  /** Collect loops opened (one per connection unless a loop ended); a poll on a kept loop does not add to it. */
  collectLoopsOpened = 0;
  /** Collect reads done by one exec each, not by the loop (a wrapper that refuses it, or a busy loop). */
  collectExecs = 0;
  /** Each connection's collect loop, or why it has none (the node refused it). */
  private readonly loops = new WeakMap<SshConnection, Promise<CollectLoop> | CollectLoopUnavailable>();
  /** Connections to nodes whose forced-command wrapper refused the squeezed scripts: they are sent the plain ones. */
  private readonly plain = new WeakSet<SshConnection>();
  /** Since when the wrapper of the node under each key has refused something (ASK_REFUSED_AGAIN_MS). */
  private readonly refusedSince = new Map<string, number>();
  /** Collects under way on each connection, and connections to close once theirs are done (retire). */
  private readonly busy = new WeakMap<SshConnection, number>();
  private readonly retired = new WeakSet<SshConnection>();

  constructor(private readonly opts: SshPoolOptions) {
    this.handshakes = new Limiter(opts.maxHandshakes ?? 24);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** `retryNow`: a person asked for this poll — do not make them wait out the reconnect backoff. */
  async exec(
    key: string,
    target: SshTarget | LazySshTarget,
    command: string,
    timeoutMs: number,
    opts: { retryNow?: boolean } & Omit<ExecOptions, 'timeoutMs'> = {},
  ): Promise<ExecResult> {
    const { retryNow, ...caps } = opts;
    return this.using(key, target, retryNow, (conn) => conn.exec(command, { timeoutMs, ...caps }));
  }

  /** Runs `use` on the node's pooled connection; one that died meanwhile is forgotten, to be rebuilt. */
  private async using<T>(key: string, target: SshTarget | LazySshTarget, retryNow: boolean | undefined, use: (conn: SshConnection) => Promise<T>): Promise<T> {
    if (retryNow) this.failures.delete(key);
    const conn = await this.connection(key, target);
    try {
      return await use(conn);
    } finally {
      // Only if it is still the key's connection: a retired one closing must not take its successor along.
      if (!conn.isOpen() && this.entries.get(key)?.opened === conn) this.forget(key);
    }
  }

  /**
   * One read of the collect script (`kind`, with this poll's `token`) over the connection's collect
   * loop, opened on first use and kept with the connection. A node that will not run the loop, or a
   * poll that finds it busy (a person's "poll now" beside the schedule's), gets one exec instead:
   * same output either way.
   */
  async collect(
    key: string,
    target: SshTarget | LazySshTarget,
    kind: CollectKind,
    token: string,
    timeoutMs: number,
    opts: { retryNow?: boolean } & Omit<ExecOptions, 'timeoutMs'> = {},
  ): Promise<CollectAnswer> {
    const { retryNow, ...caps } = opts;
    const since = this.refusedSince.get(key);
    if (since !== undefined && (retryNow || this.now() - since >= ASK_REFUSED_AGAIN_MS)) {
      // What a connection was refused holds for its life: a new one asks again.
      this.refusedSince.delete(key);
      this.retire(key);
    }
    return this.using(key, target, retryNow, async (conn) => {
      this.busy.set(conn, (this.busy.get(conn) ?? 0) + 1);
      try {
        return await this.collectOn(key, conn, kind, token, timeoutMs, caps);
      } finally {
        const left = this.busy.get(conn)! - 1;
        this.busy.set(conn, left);
        if (left === 0 && this.retired.has(conn)) conn.close();
      }
    });
  }

  private async collectOn(key: string, conn: SshConnection, kind: CollectKind, token: string, timeoutMs: number, caps: Omit<ExecOptions, 'timeoutMs'>): Promise<CollectAnswer> {
    for (;;) {
      const edition: ScriptEdition = this.plain.has(conn) ? 'plain' : 'squeezed';
      const loop = await this.loopOf(conn, edition);
      if (loop?.isReady()) {
        try {
          return this.answer(key, conn, await loop.ask(kind, token, { timeoutMs, ...caps }));
        } catch (err) {
          if (!(err instanceof CollectLoopUnavailable)) throw err;
          this.loops.set(conn, err);
        }
      }
      this.collectExecs++;
      // The poll releases the lent stdout once parsed (collector/collect-node.ts), as with the loop's answers.
      const result = await conn.exec(collectScriptFor(kind, token, edition), { timeoutMs, ...caps, lendStdout: true });
      if (edition === 'plain' || !(result.code === 1 && result.stderr.includes(WRAPPER_REFUSAL))) return this.answer(key, conn, result);
      result.release?.();
      // A wrapper generated before the squeezed scripts: it runs the plain ones (and perhaps their loop).
      this.plain.add(conn);
      this.loops.delete(conn);
    }
  }

  /** The result with what the node's wrapper refused on this connection (assigned: a spread would decode stdout). */
  private answer(key: string, conn: SshConnection, result: ExecResult): CollectAnswer {
    const refused: WrapperRefusal[] = [];
    const loop = this.loops.get(conn);
    if (loop instanceof CollectLoopUnavailable && loop.byWrapper) refused.push('collect-loop');
    if (this.plain.has(conn)) refused.push('squeezed-scripts');
    if (refused.length > 0 && !this.refusedSince.has(key)) this.refusedSince.set(key, this.now());
    return Object.assign(result, { wrapperRefused: refused });
  }

  /** The connection's collect loop, opened (again, after it ended) when needed; null if the node refused it. */
  private async loopOf(conn: SshConnection, edition: ScriptEdition): Promise<CollectLoop | null> {
    const kept = this.loops.get(conn);
    if (kept instanceof CollectLoopUnavailable) return null;
    if (kept) {
      const loop = await kept.catch(() => null);
      if (loop && !loop.isClosed()) return loop;
    }
    this.collectLoopsOpened++;
    const opening = CollectLoop.open(conn, edition);
    this.loops.set(conn, opening);
    try {
      return await opening;
    } catch (err) {
      if (this.loops.get(conn) === opening) this.loops.delete(conn);
      throw err;
    }
  }

  /** A long-running command on the node's pooled connection, its output streamed (vzmigrate). */
  async execStream(key: string, target: SshTarget, command: string, opts: StreamOptions): Promise<{ code: number | null; signal: string | null }> {
    return this.using(key, target, false, (conn) => conn.execStream(command, opts));
  }

  /** Connects without caching: for test-connect of a node that is not in the pool's care. */
  async probe(target: SshTarget): Promise<SshConnection> {
    return this.handshakes.run(() => connectSsh(target, this.opts));
  }

  private async connection(key: string, given: SshTarget | LazySshTarget): Promise<SshConnection> {
    if (isLazy(given)) {
      const kept = this.entries.get(key);
      if (kept && kept.lazyIdentity === given.identity) {
        const conn = await kept.conn.catch(() => null);
        if (conn?.isOpen()) return conn;
      }
    }
    const target = isLazy(given) ? await given.resolve() : given;
    const conn = await this.connectionTo(key, target);
    const entry = this.entries.get(key);
    if (isLazy(given) && entry) entry.lazyIdentity = given.identity;
    return conn;
  }

  private async connectionTo(key: string, target: SshTarget): Promise<SshConnection> {
    const identity = JSON.stringify([target.host, target.port, target.username, target.hostKeyFingerprint, target.privateKey ?? '', target.agent ?? '', target.compression !== false]);
    const existing = this.entries.get(key);
    if (existing && existing.identity === identity) {
      const conn = await existing.conn.catch(() => null);
      if (conn?.isOpen()) return conn;
      if (this.entries.get(key) === existing) this.entries.delete(key);
    } else if (existing) {
      this.forget(key);
    }
    // After a failed connect, wait out a jittered backoff before the next handshake, repeating
    // the last error meanwhile so the node's state stays what it really is.
    const failed = this.failures.get(key);
    if (failed && failed.identity === identity && failed.retryAt > this.now()) throw failed.error;
    const entry: Entry = {
      identity,
      conn: this.handshakes.run(() => {
        this.connectsStarted++;
        return connectSsh(target, this.opts);
      }),
    };
    this.entries.set(key, entry);
    try {
      const conn = await entry.conn;
      entry.opened = conn;
      this.failures.delete(key);
      return conn;
    } catch (err) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      if (err instanceof SshError) {
        const count = failed && failed.identity === identity ? failed.count + 1 : 1;
        const delay = computeBackoffMs(count, this.opts.backoff ?? DEFAULT_BACKOFF, this.opts.random ?? Math.random);
        this.failures.set(key, { identity, count, retryAt: this.now() + delay, error: err });
      }
      throw err;
    }
  }

  /**
   * The next poll of `key` gets a new connection; the current one is closed once the collects under
   * way on it are done (a person's poll beside the schedule's must not cut the scheduled one short).
   */
  private retire(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    entry.conn.then(
      (conn) => {
        if (this.busy.get(conn)) this.retired.add(conn);
        else conn.close();
      },
      () => {
        // a connection that never opened has nothing to close
      },
    );
  }

  forget(key: string): void {
    this.failures.delete(key);
    this.refusedSince.delete(key);
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    entry.conn.then((c) => c.close()).catch(() => {
      // a connection that never opened has nothing to close
    });
  }

  closeAll(): void {
    for (const key of [...this.entries.keys()]) this.forget(key);
  }
}
