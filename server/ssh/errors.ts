import { hasBrand } from '../errors/brand';

export type SshErrorKind =
  | 'unreachable'
  | 'auth'
  | 'timeout'
  | 'host-key'
  | 'host-key-unknown'
  | 'exit'
  /** The node printed more than an exec's cap (connection.ts MAX_STDOUT_BYTES / MAX_STDERR_BYTES). */
  | 'output-limit'
  | 'protocol'
  | 'config';

const SSH_ERROR_BRAND = Symbol.for('vzfleet.SshError');

/** A failure to reach or talk to a node, classified so the node page can say what to do. */
export class SshError extends Error {
  /** See server/errors/brand.ts: the module may exist twice in the server process. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, SSH_ERROR_BRAND);
  }

  readonly [SSH_ERROR_BRAND] = true;
  readonly kind: SshErrorKind;
  /** The fingerprint the node presented, when the failure is about the host key. */
  readonly presentedFingerprint: string | null;

  constructor(kind: SshErrorKind, message: string, opts: { presentedFingerprint?: string | null; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'SshError';
    this.kind = kind;
    this.presentedFingerprint = opts.presentedFingerprint ?? null;
  }
}
