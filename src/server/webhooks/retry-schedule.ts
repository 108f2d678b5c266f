import type { RetryPolicy } from '../retry';

/** How long, at the least, lenders' webhooks keep being retried: three days, as the strictest peers do. */
export const WEBHOOK_RETRY_MIN_HOURS = 72;
export const WEBHOOK_RETRY_MAX_HOURS = 720;

/** The operator's knobs (WEBHOOK_RETRY_BASE_MS, WEBHOOK_RETRY_MAX_DELAY_MS, WEBHOOK_RETRY_HOURS). */
export interface WebhookRetrySettings {
  /** Wait after the first failed attempt; doubles with each further one. */
  baseMs: number;
  /** Upper bound of one wait before jitter (jitter adds at most 20%). */
  maxDelayMs: number;
  /** The last attempt comes no earlier than this many hours after the first, whatever the jitter. */
  hours: number;
}

export const DEFAULT_WEBHOOK_RETRY_SETTINGS: WebhookRetrySettings = {
  baseMs: 5_000,
  maxDelayMs: 3_600_000,
  hours: WEBHOOK_RETRY_MIN_HOURS,
};

/** The jitter's bounds (see retryDelayMs: ±20%). */
const JITTER_LOW = 0.8;
const JITTER_HIGH = 1.2;

/** The wait before attempt `attempts + 1` without jitter. */
function rawDelayMs(attempts: number, settings: Pick<WebhookRetrySettings, 'baseMs' | 'maxDelayMs'>): number {
  return Math.min(settings.maxDelayMs, settings.baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
}

/**
 * The retry policy whose attempt count makes the last attempt land after `hours` even when every
 * wait draws the lowest jitter: waits double from `baseMs` up to `maxDelayMs`, then stay there.
 */
export function webhookRetryPolicy(settings: WebhookRetrySettings = DEFAULT_WEBHOOK_RETRY_SETTINGS): RetryPolicy {
  const windowMs = settings.hours * 3_600_000;
  let attempts = 1;
  let earliest = 0;
  while (earliest < windowMs) {
    // retryDelayMs rounds to whole milliseconds; floor keeps this bound on the safe side.
    earliest += Math.floor(rawDelayMs(attempts, settings) * JITTER_LOW);
    attempts += 1;
  }
  return { baseMs: settings.baseMs, maxMs: settings.maxDelayMs, maxAttempts: attempts };
}

export interface RetrySchedule {
  attempts: number;
  /** Earliest and latest time of the last attempt after the first, over every jitter draw. */
  lastAttemptEarliestMs: number;
  lastAttemptLatestMs: number;
  /** The longest single wait between two attempts. */
  longestWaitMs: number;
}

/** The bounds of a policy's schedule (docs, startup log and tests). */
export function retrySchedule(policy: RetryPolicy): RetrySchedule {
  let low = 0;
  let high = 0;
  let longest = 0;
  for (let attempts = 1; attempts < policy.maxAttempts; attempts += 1) {
    const raw = rawDelayMs(attempts, { baseMs: policy.baseMs, maxDelayMs: policy.maxMs });
    low += Math.floor(raw * JITTER_LOW);
    high += Math.ceil(raw * JITTER_HIGH);
    longest = Math.max(longest, Math.ceil(raw * JITTER_HIGH));
  }
  return { attempts: policy.maxAttempts, lastAttemptEarliestMs: low, lastAttemptLatestMs: high, longestWaitMs: longest };
}
