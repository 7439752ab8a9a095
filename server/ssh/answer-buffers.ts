/**
 * Buffers that collect-loop answers are joined into, lent to the poll that reads the answer and
 * given back when it has parsed them (ExecResult.release). A fresh ~200-kB buffer per poll was
 * about half of the collector's new ArrayBuffer bytes, and every 64 MB of those makes V8 start a
 * full collection (its external memory limit): at 1000 nodes one every 2.3 s. A buffer kept per
 * connection instead would hold ~200 MB at 1000 nodes; lent from a few dozen, they are all one
 * needs: a buffer is lent from an answer's first bytes until the poll has parsed it (AnswerBytes).
 */
export const KEPT_ANSWER_BUFFERS = 32;
/** Larger answers (a node with thousands of containers) get a buffer of their own, not kept. */
const MAX_KEPT_BYTES = 1024 * 1024;
/** Sizes are rounded up so that one buffer serves answers that grow a little from poll to poll. */
const STEP = 64 * 1024;

const free: Buffer[] = [];

/** A buffer of at least `size` bytes (its contents are whatever was there). */
export function borrowAnswerBuffer(size: number): Buffer {
  // The smallest that fits: a short stderr must not take the buffer a long stdout needs.
  let best = -1;
  for (let i = free.length - 1; i >= 0; i--) {
    if (free[i]!.length >= size && (best === -1 || free[i]!.length < free[best]!.length)) best = i;
  }
  if (best !== -1) return free.splice(best, 1)[0]!;
  return Buffer.allocUnsafeSlow(Math.ceil(Math.max(size, 1) / STEP) * STEP);
}

/** Back for the next answer; the caller must not read it again. */
export function returnAnswerBuffer(buf: Buffer): void {
  if (buf.length > MAX_KEPT_BYTES || free.includes(buf)) return;
  if (free.length >= KEPT_ANSWER_BUFFERS) free.shift();
  free.push(buf);
}

/**
 * What one answer printed on one stream, copied into a lent buffer chunk by chunk as it arrives.
 * ssh2 hands each chunk as a view of the buffer it decrypted that packet into (~32 kB, or a slice
 * of Node's shared 8-kB pool for a short one). Kept as chunks until the answer ended, the views of
 * a slow answer outlived two scavenges and were promoted, and their packet buffers then waited for
 * a full collection; ArrayBuffer bytes waiting like that start one every 64 MB. At 1000 nodes that
 * was ~7 MB/s: a full collection every ~10 s, each ~1 s of marking on V8's helper threads
 * (bench/collector with --trace-incremental-marking: "external memory pressure"). Copied at once,
 * a chunk and its packet die young.
 */
export class AnswerBytes {
  private buf: Buffer | null = null;
  length = 0;

  /** `expected`: how long the whole answer is likely to be (the last one's length), so one loan fits it. */
  append(chunk: Buffer, expected: number): void {
    const need = this.length + chunk.length;
    if (this.buf === null || need > this.buf.length) {
      // Doubling: an answer far past what was expected (a flood up to the 32-MiB cap) is copied
      // a few times over, not once per chunk.
      const bigger = borrowAnswerBuffer(Math.max(need, expected, 2 * (this.buf?.length ?? 0)));
      if (this.buf) {
        this.buf.copy(bigger, 0, 0, this.length);
        returnAnswerBuffer(this.buf);
      }
      this.buf = bigger;
    }
    this.length += chunk.copy(this.buf, this.length);
  }

  endsWith(tail: Buffer): boolean {
    return this.buf !== null && this.length >= tail.length && this.buf.subarray(this.length - tail.length, this.length).equals(tail);
  }

  /** The bytes, lent: after release() the holder must not read them again. Empties this. */
  lend(): { bytes: Buffer; release: () => void } {
    const buf = this.buf;
    const bytes = buf ? buf.subarray(0, this.length) : Buffer.alloc(0);
    this.buf = null;
    this.length = 0;
    let given = buf === null;
    const release = () => {
      if (given) return;
      given = true;
      returnAnswerBuffer(buf!);
    };
    return { bytes, release };
  }

  /** Drops the bytes and gives the loan back. */
  discard(): void {
    this.lend().release();
  }

  /** The bytes as a buffer of their own, the loan given back. Empties this. */
  take(): Buffer {
    const { bytes, release } = this.lend();
    const own = Buffer.from(bytes);
    release();
    return own;
  }
}

/** How many are waiting to be lent (tests). */
export function answerBuffersKept(): number {
  return free.length;
}
