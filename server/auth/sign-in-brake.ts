import { countFailedSignIns, hasSignedInFrom } from '../audit/query';
import { recordAudit, type AuditContext } from '../audit/record';
import type { Db } from '../../db/client';

/** Wrong passwords for one account from one address in the window before that address is refused. */
export const ADDRESS_FAILURES_MAX = 10;
/** Wrong passwords for one account from all addresses before addresses it never signed in from are refused. */
export const ACCOUNT_FAILURES_MAX = 10;
export const BRAKE_WINDOW_MS = 15 * 60_000;
/** How long a successful sign-in makes an address "the owner's own". */
const KNOWN_ADDRESS_MS = 30 * 86_400_000;

export type BrakeVerdict = { ok: true } | { ok: false; reason: string; retryAfterS: number };

/**
 * The per-account brake on password guessing, built so a stranger cannot turn it against the owner:
 * - failures are counted per account and address (the address resolved at the edge, unforgeable);
 * - when an account collects many failures from many addresses, only addresses that never signed in
 *   to it are refused: the owner's own (previously successful) address still gets in;
 * - refusals by the brake are recorded under another action, so they do not extend the lock;
 * - `vzfleet user unlock <email>` (an audit line) resets the counts.
 */
export async function checkSignInBrake(db: Db, email: string, ip: string | null, now: Date): Promise<BrakeVerdict> {
  const since = new Date(now.getTime() - BRAKE_WINDOW_MS);
  const retryAfterS = BRAKE_WINDOW_MS / 1000;
  if ((await countFailedSignIns(db, email, since, ip)) >= ADDRESS_FAILURES_MAX) {
    return { ok: false, reason: 'too many failed attempts for this account from this address', retryAfterS };
  }
  if ((await countFailedSignIns(db, email, since)) >= ACCOUNT_FAILURES_MAX) {
    const own = ip !== null && (await hasSignedInFrom(db, email, ip, new Date(now.getTime() - KNOWN_ADDRESS_MS)));
    if (!own) return { ok: false, reason: 'too many failed attempts for this account', retryAfterS };
  }
  return { ok: true };
}

/** Lifts the brake for an account (`vzfleet user unlock <email>`): failures before this line no longer count. */
export async function unlockAccount(ctx: AuditContext, email: string): Promise<void> {
  await recordAudit(ctx, { action: 'user.unlock', target: email.trim().toLowerCase(), result: 'ok' });
}
