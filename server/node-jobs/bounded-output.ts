/**
 * Bounds for what a node prints during a job (a migration, a CT action). A node that has been
 * taken over can print without end, or one endless line; a runner keeps its memory, its events
 * and its stored log within these whatever comes. vzmigrate's real output is a few hundred short
 * lines, a vzctl action's a few.
 */
export interface OutputLimits {
  /** Bytes the SSH stream passes on at all (execStream's maxBytes); the rest is read and dropped. */
  streamBytes: number;
  /** Characters of output recorded as live events per job; past it, one marker and no more lines. */
  eventChars: number;
  /** Lines recorded as live events per job (a flood of empty lines is cheap in characters, not in rows). */
  eventLines: number;
  /** Longest line kept; a longer one is cut and marked, its rest skipped up to the next newline. */
  lineChars: number;
  /** The stored log keeps this much of the beginning… */
  logHeadChars: number;
  /** …and of the end, with a marker saying how much was left out between them. */
  logTailChars: number;
}

export const DEFAULT_OUTPUT_LIMITS: OutputLimits = {
  streamBytes: 8 * 1024 * 1024,
  eventChars: 1024 * 1024,
  eventLines: 5000,
  lineChars: 4096,
  logHeadChars: 256 * 1024,
  logTailChars: 256 * 1024,
};

/** Text that keeps its head and tail within bounds and counts what it left out. Pure. */
export class BoundedText {
  private head = '';
  private tail: string[] = [];
  private tailLength = 0;
  /** Every character appended, kept or not. */
  total = 0;

  constructor(private readonly headChars: number, private readonly tailChars: number) {}

  append(text: string): void {
    this.total += text.length;
    const room = this.headChars - this.head.length;
    if (room > 0) {
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (!text) return;
    this.tail.push(text);
    this.tailLength += text.length;
    // Trimmed in batches: joining a whole tail on every small append would be quadratic.
    if (this.tailLength > 2 * this.tailChars) this.trimTail();
  }

  private trimTail(): void {
    const joined = this.tail.join('').slice(-this.tailChars);
    this.tail = joined ? [joined] : [];
    this.tailLength = joined.length;
  }

  toString(): string {
    this.trimTail();
    const left = this.total - this.head.length - this.tailLength;
    if (left <= 0) return this.head + this.tail.join('');
    return `${this.head}\n[vzfleet] ${left} characters of output left out here\n${this.tail.join('')}`;
  }
}

/**
 * Splits streamed text into lines, none longer than `lineChars`: a longer line is cut, marked,
 * and the rest of it skipped up to its newline. The pending partial line never exceeds the cap.
 */
export class LineSplitter {
  private partial = '';
  private skipping = false;

  constructor(private readonly lineChars: number) {}

  push(text: string): string[] {
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const piece = text.slice(start, nl < 0 ? undefined : nl);
      if (!this.skipping) {
        this.partial += piece.slice(0, this.lineChars + 1 - this.partial.length);
        if (this.partial.length > this.lineChars) {
          out.push(`${this.partial.slice(0, this.lineChars)} [vzfleet: line cut at ${this.lineChars} characters]`);
          this.partial = '';
          this.skipping = true;
        }
      }
      if (nl < 0) return out;
      if (!this.skipping) out.push(this.partial);
      this.partial = '';
      this.skipping = false;
      start = nl + 1;
    }
  }

  /** What is left after the stream ended (a last line without newline). */
  flush(): string[] {
    const rest = this.skipping ? [] : [this.partial].filter(Boolean);
    this.partial = '';
    this.skipping = false;
    return rest;
  }
}

/**
 * Which lines of a job's output become live events: all of them until the job has shown
 * `eventLines` lines or `eventChars` characters, then one marker line and nothing more (the stored
 * log, a BoundedText, still keeps the beginning and the end).
 */
export class LiveLineBudget {
  private chars = 0;
  private lines = 0;
  private muted = false;

  constructor(private readonly limits: Pick<OutputLimits, 'eventChars' | 'eventLines'>) {}

  /** The lines of `texts` to show, in order; empty once the budget is spent. */
  take(texts: readonly string[]): string[] {
    if (this.muted) return [];
    const kept: string[] = [];
    for (const text of texts) {
      this.chars += text.length + 1;
      if (this.chars > this.limits.eventChars || ++this.lines > this.limits.eventLines) {
        kept.push(`[vzfleet] more than ${this.limits.eventLines} lines or ${this.limits.eventChars} characters of output: no more lines are shown live; the log keeps its beginning and end`);
        this.muted = true;
        break;
      }
      kept.push(text);
    }
    return kept;
  }
}
