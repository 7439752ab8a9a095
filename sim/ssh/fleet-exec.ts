/**
 * What one `exec` sends back on its SSH channel, and how the output faults bend it: `slow` paces
 * every byte, `drop` cuts the TCP connection partway, `truncate` stops at a line boundary halfway.
 * Writes made in the same tick are coalesced, so a collect poll leaves as one write per stream.
 */
import type { ServerChannel } from 'ssh2';
import { DEFAULT_BYTE_DELAY_MS, truncatedLength, type SimFaultSpec } from '../control/faults';
import { encodeSimText } from '../render/raw-bytes';

type Op = { kind: 'data'; fd: 1 | 2; data: string } | { kind: 'exit'; code: number } | { kind: 'cut' };

/** A tick of the slow pump lasts about this long. */
const SLOW_TICK_MS = 20;

export class ExecOutput {
  private readonly queue: Op[] = [];
  /** drop without afterBytes, and truncate: the whole answer is needed before any of it leaves. */
  private readonly held: Op[] | null;
  private readonly byteDelayMs: number;
  /** drop: bytes still allowed through before the cut (Infinity otherwise). */
  private budget: number;
  private readonly dropping: boolean;
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly onChannelClose = () => this.close();

  constructor(
    private readonly channel: ServerChannel,
    fault: SimFaultSpec | null,
    /** Cuts this SSH connection's TCP socket (no SSH goodbye). */
    private readonly cutConnection: () => void,
    /**
     * One answer of the collect loop: it ends with this line on stdout and stderr, and the channel stays open
     * for the next request (no exit status).
     */
    private readonly answerEnd: string | null = null,
  ) {
    const name = fault?.fault;
    this.byteDelayMs = name === 'slow' ? (fault?.byteDelayMs ?? DEFAULT_BYTE_DELAY_MS) : 0;
    this.budget = name === 'drop' && fault?.afterBytes !== undefined ? fault.afterBytes : Infinity;
    this.held = name === 'truncate' || (name === 'drop' && fault?.afterBytes === undefined) ? [] : null;
    this.dropping = name === 'drop';
    channel.on('close', this.onChannelClose);
  }

  write(fd: 1 | 2, data: string): void {
    if (this.closed || data === '') return;
    if (this.held) this.held.push({ kind: 'data', fd, data });
    else this.enqueue({ kind: 'data', fd, data });
  }

  /** The command is over: send what is held back (bent by the fault), then the exit status. */
  finish(code: number): void {
    if (this.closed) return;
    if (!this.held) return this.enqueue({ kind: 'exit', code });
    const ops = this.held.splice(0);
    const total = ops.reduce((n, op) => n + (op.kind === 'data' ? op.data.length : 0), 0);
    if (this.dropping) {
      this.budget = Math.floor(total / 2);
      for (const op of ops) this.enqueue(op);
      this.enqueue({ kind: 'exit', code });
      return;
    }
    // truncate: stdout stops at a line boundary halfway through; stderr is kept.
    const stdout = ops.map((op) => (op.kind === 'data' && op.fd === 1 ? op.data : '')).join('');
    let keep = truncatedLength(stdout);
    for (const op of ops) {
      if (op.kind !== 'data') continue;
      if (op.fd === 2) this.enqueue(op);
      else if (keep > 0) {
        this.enqueue({ kind: 'data', fd: 1, data: op.data.slice(0, keep) });
        keep -= Math.min(keep, op.data.length);
      }
    }
    this.enqueue({ kind: 'exit', code });
  }

  /** The channel or the node went away: stop writing. */
  close(): void {
    this.channel.off('close', this.onChannelClose);
    this.closed = true;
    this.queue.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private enqueue(op: Op): void {
    this.queue.push(op);
    if (this.scheduled || this.timer) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed) return;
    if (this.byteDelayMs > 0) return this.pumpSlowly();
    while (this.queue.length > 0 && !this.closed) {
      const op = this.queue.shift()!;
      if (op.kind !== 'data') {
        this.apply(op);
        continue;
      }
      // Coalesce the following writes to the same stream.
      let data = op.data;
      while (this.queue[0]?.kind === 'data' && this.queue[0].fd === op.fd) data += (this.queue.shift() as { data: string }).data;
      this.send(op.fd, data);
    }
  }

  private pumpSlowly(): void {
    const head = this.queue[0];
    if (!head || this.closed) return;
    if (head.kind !== 'data') {
      this.queue.shift();
      this.apply(head);
      return this.pumpSlowly();
    }
    const n = Math.max(1, Math.round(SLOW_TICK_MS / this.byteDelayMs));
    const piece = head.data.slice(0, n);
    if (piece.length === head.data.length) this.queue.shift();
    else head.data = head.data.slice(n);
    this.send(head.fd, piece);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pumpSlowly();
    }, piece.length * this.byteDelayMs);
  }

  private send(fd: 1 | 2, data: string): void {
    if (this.closed) return;
    if (data.length > this.budget) {
      const part = data.slice(0, this.budget);
      if (part) this.writeTo(fd, part);
      this.apply({ kind: 'cut' });
      return;
    }
    this.budget -= data.length;
    this.writeTo(fd, data);
  }

  /**
   * A slow node keeps writing on a timer; the client may have hung up in between (its command
   * timeout). ssh2 then throws from the connection's torn-down compressor instead of erroring the
   * stream — which would take the whole simulated fleet down with one node's client.
   */
  private writeTo(fd: 1 | 2, data: string): void {
    const stream = fd === 1 ? this.channel : this.channel.stderr;
    if (!stream.writable || this.channel.destroyed) return this.close();
    try {
      stream.write(encodeSimText(data));
    } catch {
      this.close();
    }
  }

  private apply(op: Op): void {
    if (this.closed) return;
    if (op.kind === 'cut') {
      this.close();
      // Let the bytes already written reach the socket, then cut it without an SSH goodbye.
      setImmediate(this.cutConnection);
    } else if (op.kind === 'exit') {
      if (this.dropping && this.budget !== Infinity && this.budget <= 0) return this.apply({ kind: 'cut' });
      if (this.answerEnd !== null) {
        this.writeTo(1, this.answerEnd);
        this.writeTo(2, this.answerEnd);
        return this.close();
      }
      this.channel.exit(op.code);
      this.channel.end();
      this.close();
    }
  }
}
