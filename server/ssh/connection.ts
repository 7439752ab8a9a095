import ssh2, { type AlgorithmList, type Client as SshClient, type ConnectConfig, type KexAlgorithm } from 'ssh2';
import { AnswerBytes } from './answer-buffers';
import { SshError } from './errors';
import { fingerprintOf } from './fingerprint';

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  /** OpenSSH/PEM private key text; absent when the agent is used. */
  privateKey?: string;
  agent?: string;
  /** Pinned fingerprint; null = first contact: the key is only read, never trusted. */
  hostKeyFingerprint: string | null;
  /**
   * Offer zlib (the default). Off for nodes on a fast network: inflating ~190 kB per poll costs
   * the collector more CPU than the bytes saved are worth (bench/collector, --compression).
   */
  compression?: boolean;
}

export interface ExecResult {
  /** stdout decoded as UTF-8 (invalid bytes become U+FFFD). */
  stdout: string;
  /** stdout exactly as the node sent it: parsers that must keep raw bytes read these. */
  stdoutBytes: Buffer;
  stderr: string;
  code: number | null;
  signal: string | null;
  /**
   * Set when `stdoutBytes` is lent (a collect-loop answer, ssh/answer-buffers.ts): call it once
   * nothing reads those bytes or anything cut from them any more; they are then reused. Not
   * calling it only costs an allocation.
   */
  release?: () => void;
}

export interface StreamOptions {
  /** Called with each piece of output as it arrives (stdout and stderr, in arrival order). */
  onData: (fd: 1 | 2, text: string) => void;
  /** Aborting closes the channel (the remote command loses its session). */
  signal?: AbortSignal;
  /** Output bytes (stdout + stderr) passed to onData at most; default STREAM_MAX_BYTES. */
  maxBytes?: number;
  /** Called once when output passes maxBytes: from then on it is read and dropped, uncounted by onData. */
  onLimit?: (maxBytes: number) => void;
}

export interface ExecOptions {
  timeoutMs: number;
  /** Past this many bytes on stdout the channel is closed and the exec fails (default MAX_STDOUT_BYTES). */
  maxStdoutBytes?: number;
  /** The same for stderr (default MAX_STDERR_BYTES). */
  maxStderrBytes?: number;
  /**
   * Lend stdout (ExecResult.release) rather than give the caller bytes of its own: only for a
   * caller that releases them once parsed (the collect fallback, ssh/pool.ts). A caller that
   * never releases would keep every loan, and the answers after it would allocate afresh.
   */
  lendStdout?: boolean;
}

/**
 * A node may print without end (one taken over, or a runaway tool): past this the stream's output
 * is read and dropped. The channel stays open, so a command that must finish (vzmigrate halfway
 * through a live migration) is not killed for talking too much; its caller decides.
 */
export const STREAM_MAX_BYTES = 16 * 1024 * 1024;

export interface SshConnection {
  exec(command: string, opts: ExecOptions): Promise<ExecResult>;
  /** A long command whose output is wanted as it comes: no timeout, cancelled by `signal`. */
  execStream(command: string, opts: StreamOptions): Promise<{ code: number | null; signal: string | null }>;
  /** A channel kept open for a conversation over stdin (the collect loop: collect-loop.ts). */
  openSession(command: string): Promise<SshSession>;
  readonly presentedFingerprint: string;
  isOpen(): boolean;
  close(): void;
  /** Tears the connection down at once (a hung node's channel may never close); it is then not open. */
  drop(): void;
  /** The node just answered: its keepalive ping can wait another interval. */
  heardFrom(): void;
}

/** One long-lived exec channel: what the collect loop needs of it, and nothing of ssh2's. */
export interface SshSession {
  write(text: string): void;
  onStdout(cb: (b: Buffer) => void): void;
  onStderr(cb: (b: Buffer) => void): void;
  /** The remote command ended (code, or null when it died of a signal or the channel just closed). */
  onClose(cb: (code: number | null) => void): void;
  close(): void;
}

/**
 * Pings only a node that has said nothing for this long. It must be well over the poll interval
 * (15 s): each answer postpones the ping (heardFrom), and at an equal 15 s the ping raced the next
 * poll and won about half the time when that answer came a little later than the last one, an
 * extra encrypted round trip for ~45 % of polls (CPU profile at 1000 nodes, bench/collector). A
 * dead link still shows within ~90 s, and a poll's own timeout finds it sooner.
 */
const KEEPALIVE_INTERVAL_MS = 30_000;
const KEEPALIVE_COUNT_MAX = 3;

/**
 * Opens one ssh2 connection and verifies the host key against the pinned fingerprint: ssh2 accepts
 * any key unless hostVerifier says otherwise.
 */
/** SHA-1 Diffie-Hellman as old sshd offers it; group1 (1024-bit) is left out on purpose. */
const LEGACY_KEX: KexAlgorithm[] = ['diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha1'];

export function connectSsh(target: SshTarget, opts: { connectTimeoutMs: number }): Promise<SshConnection> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let presented: string | null = null;
    let hostKeyProblem: SshError | null = null;
    let settled = false;
    let open = false;

    const fail = (err: SshError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.destroy();
      reject(err);
    };

    // readyTimeout covers the handshake; this also covers a TCP connect that never completes.
    const timer = setTimeout(
      () => fail(new SshError('timeout', `no SSH answer from ${target.host}:${target.port} within ${opts.connectTimeoutMs} ms`)),
      opts.connectTimeoutMs + 1000,
    );

    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.username,
      privateKey: target.privateKey,
      agent: target.agent,
      readyTimeout: opts.connectTimeoutMs,
      keepaliveInterval: KEEPALIVE_INTERVAL_MS,
      keepaliveCountMax: KEEPALIVE_COUNT_MAX,
      algorithms: {
        compress: target.compression === false ? ['none'] : ['zlib@openssh.com', 'zlib', 'none'],
        // Last resort for CentOS 5/6 era nodes (OpenSSH 4.3–5.3), the core of many OpenVZ fleets:
        // offered after every modern method, and the host key is still checked against its pin.
        // (@types/ssh2 wants all of append/prepend/remove; ssh2 itself takes any of them.)
        kex: { append: LEGACY_KEX } as AlgorithmList<KexAlgorithm>,
      },
      hostVerifier: (key: Buffer) => {
        presented = fingerprintOf(key);
        if (target.hostKeyFingerprint === null) {
          hostKeyProblem = new SshError(
            'host-key-unknown',
            `${target.host}:${target.port} presents host key ${presented}; accept it to start collecting`,
            { presentedFingerprint: presented },
          );
          return false;
        }
        if (presented !== target.hostKeyFingerprint) {
          hostKeyProblem = new SshError(
            'host-key',
            `host key of ${target.host}:${target.port} changed: it presents ${presented}, pinned is ${target.hostKeyFingerprint}. ` +
              `If the node was reinstalled, accept the new key; otherwise someone may be intercepting the connection.`,
            { presentedFingerprint: presented },
          );
          return false;
        }
        return true;
      },
    };

    client.on('ready', () => {
      if (settled) return;
      settled = true;
      open = true;
      clearTimeout(timer);
      resolve(makeConnection(client, presented ?? '', () => open));
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      open = false;
      if (hostKeyProblem) return fail(hostKeyProblem);
      fail(classifyConnectError(err, target));
    });
    client.on('close', () => {
      open = false;
      if (hostKeyProblem) return fail(hostKeyProblem);
      fail(new SshError('unreachable', `${target.host}:${target.port} closed the connection during the handshake`));
    });
    try {
      client.connect(config);
    } catch (err) {
      // ssh2 throws synchronously for an unreadable private key.
      fail(new SshError('config', `cannot use the private key: ${(err as Error).message}`, { cause: err }));
    }
  });
}

function classifyConnectError(err: Error & { level?: string; code?: string }, target: SshTarget): SshError {
  const where = `${target.host}:${target.port}`;
  if (err.level === 'client-authentication') {
    return new SshError('auth', `${where} refused the key for user ${target.username} (authentication failed)`, { cause: err });
  }
  if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT') {
    return new SshError('timeout', `no SSH handshake with ${where} in time`, { cause: err });
  }
  if (err.code === 'ECONNREFUSED' || err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH' || err.code === 'ENOTFOUND' || err.code === 'ECONNRESET') {
    return new SshError('unreachable', `cannot reach ${where}: ${err.code}`, { cause: err });
  }
  if (/private key|parse/i.test(err.message)) {
    return new SshError('config', `cannot use the private key: ${err.message}`, { cause: err });
  }
  return new SshError('protocol', `SSH error with ${where}: ${err.message}`, { cause: err });
}

/**
 * Caps on what one exec may print: a runaway or hostile node must not exhaust the server's memory.
 * The largest legitimate output is a full collect of a crowded node: beancounters are ~24 lines of
 * ~100 bytes per CT, so 4096 CTs (MAX_CTS_PER_NODE) print ~10 MiB; 32 MiB leaves room for three
 * times that. stderr only ever holds warnings and a chatty profile's lines: 1 MiB is plenty.
 */
export const MAX_STDOUT_BYTES = 32 * 1024 * 1024;
export const MAX_STDERR_BYTES = 1024 * 1024;

/**
 * An exec's result with stdout decoded on first read: the collector reads only the bytes, and
 * decoding ~190 kB it never looks at was a measurable part of every poll.
 */
export function execResult(stdoutBytes: Buffer, stderr: string, code: number | null, signal: string | null = null): ExecResult {
  let stdout: string | undefined;
  return {
    get stdout() {
      return (stdout ??= stdoutBytes.toString('utf8'));
    },
    stdoutBytes,
    stderr,
    code,
    signal,
  };
}

export function sizeText(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

function makeConnection(client: SshClient, presentedFingerprint: string, socketOpen: () => boolean): SshConnection {
  // A destroyed client says "closed" only on its next tick: until then the pool must not hand it out.
  let dropped = false;
  // The last collect answer's length (lendStdout): one loan then fits the next. Other execs (probes,
  // limit changes) are short and varied, and start from the smallest loan.
  let lastCollectLength = 0;
  const drop = () => {
    dropped = true;
    client.destroy();
  };
  return {
    presentedFingerprint,
    isOpen: () => !dropped && socketOpen(),
    close: () => client.end(),
    drop,
    heardFrom: () => {
      // ssh2 postpones its keepalive ping on a channel request's reply, not on data: a collect loop
      // answering every poll would still be pinged every interval (an extra round trip per poll).
      // _resetKA is ssh2's own (client.js); if it ever goes, pings simply go on as before.
      const reset = (client as unknown as { _resetKA?: unknown })._resetKA;
      if (typeof reset === 'function') (reset as () => void).call(client);
    },
    openSession(command) {
      return new Promise((resolve, reject) => {
        client.exec(command, (err, stream) => {
          if (err) return reject(new SshError('protocol', `cannot open a channel: ${err.message}`, { cause: err }));
          let code: number | null = null;
          stream.on('exit', (c: number | null) => {
            code = c;
          });
          resolve({
            write: (text) => void stream.write(text),
            onStdout: (cb) => void stream.on('data', cb),
            onStderr: (cb) => void stream.stderr.on('data', cb),
            onClose: (cb) => void stream.on('close', () => cb(code)),
            close: () => void stream.close(),
          });
        });
      });
    },
    execStream(command, { onData, signal, maxBytes = STREAM_MAX_BYTES, onLimit }) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new SshError('exit', 'cancelled before it started'));
        client.exec(command, (err, stream) => {
          if (err) return reject(new SshError('protocol', `cannot open a channel: ${err.message}`, { cause: err }));
          let code: number | null = null;
          let exitSignal: string | null = null;
          const decode = { 1: new TextDecoder(), 2: new TextDecoder() };
          const abort = () => {
            stream.signal('INT');
            stream.close();
          };
          signal?.addEventListener('abort', abort, { once: true });
          let passed = 0;
          const take = (fd: 1 | 2, b: Buffer) => {
            if (passed >= maxBytes) return;
            const part = passed + b.length > maxBytes ? b.subarray(0, maxBytes - passed) : b;
            passed += part.length;
            onData(fd, decode[fd].decode(part, { stream: true }));
            if (passed >= maxBytes) onLimit?.(maxBytes);
          };
          stream.on('data', (b: Buffer) => take(1, b));
          stream.stderr.on('data', (b: Buffer) => take(2, b));
          stream.on('exit', (c: number | null, s?: string) => {
            code = c;
            exitSignal = s ?? null;
          });
          stream.on('close', () => {
            signal?.removeEventListener('abort', abort);
            resolve({ code, signal: exitSignal });
          });
        });
      });
    },
    exec(command, { timeoutMs, maxStdoutBytes = MAX_STDOUT_BYTES, maxStderrBytes = MAX_STDERR_BYTES, lendStdout = false }) {
      return new Promise<ExecResult>((resolve, reject) => {
        let done = false;
        // Copied into lent buffers as they arrive, as the collect loop's answers are (AnswerBytes):
        // ssh2's chunks kept until the channel closed outlived scavenges with their packet buffers.
        const out = new AnswerBytes();
        const errOut = new AnswerBytes();
        const giveBack = () => {
          out.discard();
          errOut.discard();
        };
        // ssh2's exec has no timeout of its own: a hung node would hold the poll forever.
        const timer = setTimeout(() => {
          if (done) return;
          done = true;
          giveBack();
          // The channel may never close on a hung node; drop the connection so it is rebuilt.
          drop();
          reject(new SshError('timeout', `command did not finish within ${timeoutMs} ms`));
        }, timeoutMs);
        client.exec(command, (err, stream) => {
          if (err) {
            done = true;
            clearTimeout(timer);
            reject(new SshError('protocol', `cannot open a channel: ${err.message}`, { cause: err }));
            return;
          }
          let code: number | null = null;
          let signal: string | null = null;
          // Past a cap: stop keeping output, close the channel (sshd then closes the command's
          // pipes) and fail now, without waiting for a node that may never stop printing.
          const overflow = (which: 'stdout' | 'stderr', cap: number) => {
            done = true;
            clearTimeout(timer);
            giveBack();
            stream.removeAllListeners('data');
            stream.stderr.removeAllListeners('data');
            stream.on('data', () => {});
            stream.stderr.on('data', () => {});
            stream.close();
            reject(new SshError('output-limit', `the node printed more than ${sizeText(cap)} on ${which}; vzfleet stopped reading (a runaway command or garbage output)`));
          };
          stream.on('data', (b: Buffer) => {
            if (done) return;
            if (out.length + b.length > maxStdoutBytes) return overflow('stdout', maxStdoutBytes);
            out.append(b, lendStdout ? lastCollectLength : 0);
          });
          stream.stderr.on('data', (b: Buffer) => {
            if (done) return;
            if (errOut.length + b.length > maxStderrBytes) return overflow('stderr', maxStderrBytes);
            errOut.append(b, 0);
          });
          stream.on('exit', (c: number | null, s?: string) => {
            code = c;
            signal = s ?? null;
          });
          stream.on('close', () => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            if (lendStdout) lastCollectLength = out.length;
            const stderr = errOut.lend();
            const stderrText = stderr.bytes.toString('utf8');
            stderr.release();
            if (!lendStdout) return resolve(execResult(out.take(), stderrText, code, signal));
            const { bytes, release } = out.lend();
            const result = execResult(bytes, stderrText, code, signal);
            // Assigned, not spread in: a spread would read the lazy stdout getter, i.e. decode it.
            result.release = release;
            resolve(result);
          });
        });
      });
    },
  };
}
