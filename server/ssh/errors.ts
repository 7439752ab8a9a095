export type SshErrorKind =
  | 'unreachable'
  | 'auth'
  | 'timeout'
  | 'host-key'
  | 'host-key-unknown'
  | 'exit'
  | 'protocol'
  | 'config';

/** A failure to reach or talk to a node, classified so the node page can say what to do. */
export class SshError extends Error {
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
