import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../retry';
import { DEFAULT_RETRY } from '../dispatcher';
import { retrySchedule, webhookRetryPolicy } from '../retry-schedule';

const HOUR = 3_600_000;

/** Every attempt's time after the first, with each wait drawn by `random`. */
function attemptTimes(policy: typeof DEFAULT_RETRY, random: () => number): number[] {
  const times = [0];
  for (let attempts = 1; attempts < policy.maxAttempts; attempts += 1) {
    times.push(times[times.length - 1]! + retryDelayMs(attempts, policy, random));
  }
  return times;
}

describe('the webhook retry schedule', () => {
  it('makes the last default attempt land after 72 hours even when every wait draws the lowest jitter', () => {
    const lowest = attemptTimes(DEFAULT_RETRY, () => 0);
    expect(lowest).toHaveLength(DEFAULT_RETRY.maxAttempts);
    expect(lowest[lowest.length - 1]).toBeGreaterThanOrEqual(72 * HOUR);
    // One attempt fewer would not reach 72 hours: the count is the smallest that does.
    expect(lowest[lowest.length - 2]).toBeLessThan(72 * HOUR);
    const schedule = retrySchedule(DEFAULT_RETRY);
    expect(schedule.lastAttemptEarliestMs).toBeLessThanOrEqual(lowest[lowest.length - 1]!);
    expect(schedule.lastAttemptEarliestMs).toBeGreaterThanOrEqual(72 * HOUR);
  });

  it('bounds every wait by the longest delay plus 20% jitter, and starts with the base', () => {
    for (const random of [() => 0, () => 0.5, () => 0.999999]) {
      const times = attemptTimes(DEFAULT_RETRY, random);
      const waits = times.slice(1).map((time, index) => time - times[index]!);
      expect(Math.max(...waits)).toBeLessThanOrEqual(1.2 * HOUR);
      expect(waits[0]).toBeGreaterThanOrEqual(4_000);
      expect(waits[0]).toBeLessThanOrEqual(6_000);
      // Never shrinking before the cap: exponential, then flat.
      const raw = waits.map((_, index) => Math.min(HOUR, 5_000 * 2 ** index));
      expect(raw.every((wait, index) => index === 0 || wait >= raw[index - 1]!)).toBe(true);
    }
    expect(retrySchedule(DEFAULT_RETRY).longestWaitMs).toBe(1.2 * HOUR);
    expect(retrySchedule(DEFAULT_RETRY).lastAttemptLatestMs).toBeLessThanOrEqual(1.5 * 72 * HOUR + 1.2 * HOUR);
  });

  it('takes as many attempts as a longer window or a shorter longest wait needs', () => {
    const week = webhookRetryPolicy({ baseMs: 5_000, maxDelayMs: HOUR, hours: 168 });
    const tight = webhookRetryPolicy({ baseMs: 1_000, maxDelayMs: 10 * 60_000, hours: 72 });
    for (const [policy, hours, longest] of [
      [week, 168, HOUR],
      [tight, 72, 10 * 60_000],
    ] as const) {
      const times = attemptTimes(policy, () => 0);
      expect(times[times.length - 1]).toBeGreaterThanOrEqual(hours * HOUR);
      expect(retrySchedule(policy).longestWaitMs).toBeLessThanOrEqual(1.2 * longest);
    }
    expect(tight.maxAttempts).toBeGreaterThan(DEFAULT_RETRY.maxAttempts);
  });
});
