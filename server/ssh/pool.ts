import { connectSsh, type ExecResult, type SshConnection, type SshTarget } from './connection';

interface Entry {
  identity: string;
  conn: Promise<SshConnection>;
}

/**
 * One long-lived connection per node, reused by every poll. A connection whose target changed (new
 * host, port, key or pinned fingerprint) is dropped and rebuilt; a dead one is rebuilt on next use.
 */
export class SshPool {
  private readonly entries = new Map<string, Entry>();
  /** Handshakes started by this pool; polls that reuse a connection do not add to it. */
  connectsStarted = 0;

  constructor(private readonly opts: { connectTimeoutMs: number }) {}

  async exec(key: string, target: SshTarget, command: string, timeoutMs: number): Promise<ExecResult> {
    const conn = await this.connection(key, target);
    try {
      return await conn.exec(command, { timeoutMs });
    } finally {
      if (!conn.isOpen()) this.forget(key);
    }
  }

  /** Connects without caching: for test-connect of a node that is not in the pool's care. */
  async probe(target: SshTarget): Promise<SshConnection> {
    return connectSsh(target, this.opts);
  }

  private async connection(key: string, target: SshTarget): Promise<SshConnection> {
    const identity = JSON.stringify([target.host, target.port, target.username, target.hostKeyFingerprint, target.privateKey ?? '', target.agent ?? '']);
    const existing = this.entries.get(key);
    if (existing && existing.identity === identity) {
      const conn = await existing.conn.catch(() => null);
      if (conn?.isOpen()) return conn;
      if (this.entries.get(key) === existing) this.entries.delete(key);
    } else if (existing) {
      this.forget(key);
    }
    this.connectsStarted++;
    const entry: Entry = { identity, conn: connectSsh(target, this.opts) };
    this.entries.set(key, entry);
    try {
      return await entry.conn;
    } catch (err) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw err;
    }
  }

  forget(key: string): void {
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
