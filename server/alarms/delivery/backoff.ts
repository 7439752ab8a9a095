/**
 * Retries of a failed delivery: 30 s, 1, 2, 4 … min, capped at 30 min, 8 attempts in all (about an
 * hour), then the row is marked failed for an admin to see. Deterministic: one delivery is one
 * row, so there is no herd to spread.
 */
export interface DeliveryRetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const DEFAULT_DELIVERY_RETRY: DeliveryRetryPolicy = { baseMs: 30_000, maxMs: 30 * 60_000, maxAttempts: 8 };

/** Delay before the next attempt after `attempts` failed ones, or null when it is time to give up. */
export function nextDeliveryDelayMs(attempts: number, policy: DeliveryRetryPolicy = DEFAULT_DELIVERY_RETRY): number | null {
  if (attempts >= policy.maxAttempts) return null;
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}
