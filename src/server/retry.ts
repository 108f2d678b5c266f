/** Exponential backoff settings, shared by data fetching (collect/) and webhook delivery (webhooks/). */
export interface RetryPolicy {
  /** Delay after the first failed attempt; doubles with each further one. */
  baseMs: number;
  /** Upper bound of one delay (before jitter). */
  maxMs: number;
  /** Attempts before giving up. */
  maxAttempts: number;
}

/**
 * Delay after `attempts` failed attempts: base·2^(attempts-1), capped, then ±20% jitter so that
 * many sessions authorized together do not retry in lockstep.
 */
export function retryDelayMs(attempts: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>, random: () => number = Math.random): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.round(raw * (0.8 + 0.4 * random()));
}
