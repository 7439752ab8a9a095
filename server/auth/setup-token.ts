import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY = Symbol.for('vzfleet.setup-token');
type Holder = { [KEY]?: string };

/**
 * The one-time setup token of this process: printed in the server log at start while no account
 * exists, and required by POST /api/setup unless the browser is on this machine. A DNS-rebinding page
 * or a stranger on the network cannot read the server log.
 */
export function setupToken(): string {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= randomBytes(18).toString('base64url'));
}

export function isSetupToken(given: unknown): boolean {
  if (typeof given !== 'string' || given.length > 200) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(setupToken()).digest();
  return timingSafeEqual(a, b);
}
