/**
 * Buffers that collect-loop answers are joined into, lent to the poll that reads the answer and
 * given back when it has parsed them (ExecResult.release). A fresh ~200-kB buffer per poll was
 * about half of the collector's new ArrayBuffer bytes, and every 64 MB of those makes V8 start a
 * full collection (its external memory limit): at 1000 nodes one every 2.3 s. A buffer kept per
 * connection instead would hold ~200 MB at 1000 nodes; lent from a few, they are all one needs,
 * since a poll parses its answer as soon as it arrives.
 */
const KEPT = 8;
/** Larger answers (a node with thousands of containers) get a buffer of their own, not kept. */
const MAX_KEPT_BYTES = 1024 * 1024;
/** Sizes are rounded up so that one buffer serves answers that grow a little from poll to poll. */
const STEP = 64 * 1024;

const free: Buffer[] = [];

/** A buffer of at least `size` bytes (its contents are whatever was there). */
export function borrowAnswerBuffer(size: number): Buffer {
  for (let i = free.length - 1; i >= 0; i--) {
    if (free[i]!.length >= size) return free.splice(i, 1)[0]!;
  }
  return Buffer.allocUnsafeSlow(Math.ceil(Math.max(size, 1) / STEP) * STEP);
}

/** Back for the next answer; the caller must not read it again. */
export function returnAnswerBuffer(buf: Buffer): void {
  if (buf.length > MAX_KEPT_BYTES || free.includes(buf)) return;
  if (free.length >= KEPT) free.shift();
  free.push(buf);
}

/** How many are waiting to be lent (tests). */
export function answerBuffersKept(): number {
  return free.length;
}
