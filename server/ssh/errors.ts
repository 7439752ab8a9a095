export type SshErrorKind =
  | 'unreachable'
  | 'auth'
  | 'timeout'
  | 'host-key'
  | 'host-key-unknown'
  | 'exit'
  | 'protocol'
  | 'config';

const SSH_ERROR_BRAND = Symbol.for('vzfleet.SshError');

/** A failure to reach or talk to a node, classified so the node page can say what to do. */
export class SshError extends Error {
  /**
   * Next bundles instrumentation (which boots the services and the SshPool) apart from the route
   * handlers, so this module exists twice in the server process. A brand, not the prototype, makes
   * `instanceof SshError` true for errors from either copy.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [SSH_ERROR_BRAND]?: boolean })[SSH_ERROR_BRAND] === true;
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
