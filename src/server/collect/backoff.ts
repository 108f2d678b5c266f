/** Exponential backoff settings shared by data fetching and webhook delivery. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/**
 * Delay before attempt `attempts + 1`: base * 2^(attempts - 1), capped, with ±20% jitter so
 * many sessions authorized together do not poll the vendor in lockstep.
 */
export function backoffMs(policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>, attempts: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempts - 1);
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 30));
  const jitter = 1 + (random() * 0.4 - 0.2);
  return Math.max(0, Math.round(Math.min(policy.maxMs, raw * jitter)));
}
