import { AnswerBytes } from './answer-buffers';
import { buildCollectLoop, buildCollectScript, collectLoopDoneLine, collectLoopRequest, collectLoopStartLine, collectOptsOf, sectionMarker, WRAPPER_REFUSAL, type CollectKind, type ScriptEdition } from './commands';
import { execResult, MAX_STDERR_BYTES, MAX_STDOUT_BYTES, sizeText, type ExecOptions, type ExecResult, type SshConnection, type SshSession } from './connection';
import { SshError } from './errors';

/**
 * The node would not run the loop (an older forced-command wrapper refuses it, a shell without
 * `read -r`): the exit code and what it said. The caller reads by one exec per poll instead.
 */
export class CollectLoopUnavailable extends Error {
  constructor(
    message: string,
    /** A vzfleet wrapper said so (WRAPPER_REFUSAL): one from before the loop, to be re-installed. */
    readonly byWrapper = false,
  ) {
    super(message);
  }
}

interface Asked {
  token: string;
  /** `\n<marker> done\n`: an answer is complete when its bytes end with this. */
  doneTail: Buffer;
  caps: { stdout: number; stderr: number };
  resolve: (r: ExecResult) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** Answers past this many bytes with no request out are a node talking out of turn: the loop closes. */
const UNASKED_MAX_BYTES = 64 * 1024;

/**
 * One collect loop (commands.ts buildCollectLoop) on one connection: a request line per poll, its
 * answer read up to the done marker. Same caps, timeout and result as one exec of the collect
 * script, so the poll that reads it cannot tell the difference: what the shell printed when it
 * started (a chatty profile, stdout and stderr) belongs to every answer, as it would to every exec.
 */
export class CollectLoop {
  private asked: Asked | null = null;
  private out = new AnswerBytes();
  /** The last answer's stdout length: what the next one is likely to need. */
  private lastOutSize = 0;
  private err = new AnswerBytes();
  private closed = false;
  private answers = 0;
  /** Which of the two streams of the current answer have printed their done line. */
  private streamsDone = { stdout: false, stderr: false };
  private opening: { stdout: Buffer; stderr: Buffer } | null = null;

  private constructor(
    private readonly session: SshSession,
    private readonly conn: SshConnection,
  ) {
    session.onStdout((b) => this.take('stdout', b));
    session.onStderr((b) => this.take('stderr', b));
    session.onClose((code) => this.ended(code));
  }

  static async open(conn: SshConnection, edition: ScriptEdition = 'squeezed'): Promise<CollectLoop> {
    return new CollectLoop(await conn.openSession(buildCollectLoop(edition)), conn);
  }

  /** Ready for a request: open, and not answering one. */
  isReady(): boolean {
    return !this.closed && this.asked === null && this.conn.isOpen();
  }

  ask(kind: CollectKind, token: string, opts: ExecOptions): Promise<ExecResult> {
    if (!this.isReady()) return Promise.reject(new Error('collect loop is busy or closed'));
    return new Promise<ExecResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.asked = null;
        this.closed = true;
        this.out.discard();
        this.err.discard();
        // As with an exec: the node may never answer again, so the connection is rebuilt.
        this.conn.drop();
        reject(new SshError('timeout', `command did not finish within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      this.asked = {
        token,
        doneTail: Buffer.from(`\n${collectLoopDoneLine(token)}\n`, 'latin1'),
        caps: { stdout: opts.maxStdoutBytes ?? MAX_STDOUT_BYTES, stderr: opts.maxStderrBytes ?? MAX_STDERR_BYTES },
        resolve,
        reject,
        timer,
      };
      this.session.write(collectLoopRequest(kind, token));
      // Bytes that came while no request was out (a profile's banner) are the start of this answer.
      this.checkDone();
    });
  }

  /** Ended (by the node, a cap or a timeout): a new loop is needed. */
  isClosed(): boolean {
    return this.closed || !this.conn.isOpen();
  }

  close(): void {
    this.closed = true;
    this.session.close();
  }

  private take(which: 'stdout' | 'stderr', b: Buffer): void {
    if (this.closed) return;
    const cap = this.asked ? this.asked.caps[which] : UNASKED_MAX_BYTES;
    // Checked before the bytes are kept: a flood never holds more than the cap.
    const bytes = which === 'stdout' ? this.out : this.err;
    if (bytes.length + b.length > cap) return this.overflow(which, cap);
    bytes.append(b, which === 'stdout' ? this.lastOutSize : 0);
    if (b[b.length - 1] === 10) this.checkDone();
  }

  private overflow(which: 'stdout' | 'stderr', cap: number): void {
    this.out.discard();
    this.err.discard();
    this.close();
    this.settle()?.reject(new SshError('output-limit', `the node printed more than ${sizeText(cap)} on ${which}; vzfleet stopped reading (a runaway command or garbage output)`));
  }

  private checkDone(): void {
    const asked = this.asked;
    if (!asked) return;
    this.streamsDone.stdout ||= answerDone(this.out, asked.doneTail);
    this.streamsDone.stderr ||= answerDone(this.err, asked.doneTail);
    if (!this.streamsDone.stdout || !this.streamsDone.stderr) return;
    const { stdout: all, stderr, release } = this.drainLent();
    // The done lines go; the newline before each ends the stream's last line.
    const strip = asked.doneTail.length - 1;
    let body = all.subarray(0, Math.max(0, all.length - strip));
    let errBytes = stderr.subarray(0, Math.max(0, stderr.length - strip));
    const startLine = `${collectLoopStartLine(asked.token)}\n`;
    const start = errBytes.indexOf(startLine, 0, 'latin1');
    if (start !== -1) errBytes = Buffer.concat([errBytes.subarray(0, start), errBytes.subarray(start + startLine.length)]);
    if (this.answers++ === 0) {
      const first = body.indexOf(`${sectionMarker(asked.token)} begin `, 0, 'latin1');
      this.opening = { stdout: Buffer.from(body.subarray(0, Math.max(0, first))), stderr: Buffer.from(errBytes.subarray(0, Math.max(0, start))) };
    } else if (this.opening && (this.opening.stdout.length || this.opening.stderr.length)) {
      body = Buffer.concat([this.opening.stdout, body]);
      errBytes = Buffer.concat([this.opening.stderr, errBytes]);
    }
    this.conn.heardFrom();
    const result = execResult(body, errBytes.toString('utf8'), 0);
    if (body.buffer === all.buffer) result.release = release;
    else release();
    this.settle()?.resolve(result);
  }

  private ended(code: number | null): void {
    const wasClosed = this.closed;
    this.closed = true;
    const asked = this.settle();
    if (!asked || wasClosed) return;
    const { stdout, stderr } = this.drain();
    if (this.answers === 0 && code !== null && !stdout.includes(`${sectionMarker(asked.token)} begin `, 0, 'latin1')) {
      const said = stderr.toString('utf8').trim().slice(0, 200);
      return asked.reject(new CollectLoopUnavailable(`the node ended the collect loop with exit code ${code}${said ? `: ${said}` : ''}`, said.includes(WRAPPER_REFUSAL)));
    }
    // Cut mid-answer: what came is the answer, as an exec cut off would give it (the sections
    // splitter then tells an unfinished section).
    asked.resolve(execResult(stdout, stderr.toString('utf8'), code));
  }

  private settle(): Asked | null {
    const asked = this.asked;
    if (asked) clearTimeout(asked.timer);
    this.asked = null;
    return asked;
  }

  /** As drain, with stdout still in its lent buffer (answer-buffers.ts). */
  private drainLent(): { stdout: Buffer; stderr: Buffer; release: () => void } {
    this.lastOutSize = this.out.length;
    const { bytes, release } = this.out.lend();
    return { stdout: bytes, stderr: this.drainStderr(), release };
  }

  private drain(): { stdout: Buffer; stderr: Buffer } {
    return { stdout: this.out.take(), stderr: this.drainStderr() };
  }

  private drainStderr(): Buffer {
    const stderr = this.err.take();
    this.streamsDone = { stdout: false, stderr: false };
    return stderr;
  }
}

/** Whether an answer's bytes end with its done line: after a newline, or as the whole answer. */
function answerDone(bytes: AnswerBytes, doneTail: Buffer): boolean {
  if (bytes.length === doneTail.length - 1) return bytes.endsWith(doneTail.subarray(1));
  return bytes.endsWith(doneTail);
}

/** The collect script of one exec, for a node whose loop is unavailable. */
export function collectScriptFor(kind: CollectKind, token: string, edition: ScriptEdition = 'squeezed'): string {
  return buildCollectScript({ ...collectOptsOf(kind), token, edition });
}
