import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ABUSE_LIMITS } from '../../env-limits';
import { ApiFailure } from '../../errors';
import { openSqliteStore } from '../../store/sqlite';
import type { DurableStore } from '../../store/types';
import { createAbuseGuard } from '../guard';

const NOW = Date.parse('2026-11-22T08:00:00.000Z');
const PHONE = '13800138000';
let store: DurableStore;
afterEach(async () => store.close());

function guardWith(limits: Partial<typeof DEFAULT_ABUSE_LIMITS> = {}) {
  store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 60 });
  return createAbuseGuard({ store, limits: { ...DEFAULT_ABUSE_LIMITS, ...limits }, now: () => NOW });
}

async function refusal(work: Promise<unknown>): Promise<ApiFailure> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ApiFailure) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the abuse guard', () => {
  it('refuses the 11th start of a number within the hour with 429 rate_limited, the wait and its instant', async () => {
    const guard = guardWith();
    for (let i = 0; i < 10; i++) await guard.numberStart(PHONE);
    const refused = await refusal(guard.numberStart(PHONE));
    expect(refused.status).toBe(429);
    const body = refused.toResponse().error;
    expect(body).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(body.retryAfterSeconds).toBeGreaterThan(3590);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(Date.parse(body.retryAt ?? '')).toBe(NOW + (body.retryAfterSeconds ?? 0) * 1000);
    // Another number is not affected.
    await guard.numberStart('13900139000');
  });

  it('gives a number 5 SMS per 10 minutes: a reserved send that sent nothing is given back', async () => {
    const guard = guardWith();
    await guard.sms.reserve(PHONE, { field: 'sms' });
    await guard.sms.release(PHONE);
    expect(await guard.sms.left(PHONE)).toBe(5);
    for (let i = 0; i < 4; i++) await guard.sms.sent(PHONE);
    expect(await guard.sms.left(PHONE)).toBe(1);
    await guard.sms.assertAvailable(PHONE);
    await guard.sms.reserve(PHONE, { field: 'sms' });
    expect(await guard.sms.left(PHONE)).toBe(0);
    const refused = await refusal(guard.sms.reserve(PHONE, { field: 'sms' }));
    expect(refused.toResponse().error).toMatchObject({ code: 'rate_limited', field: 'sms', attemptsLeft: 0 });
    expect((await refusal(guard.sms.assertAvailable(PHONE))).status).toBe(429);
  });

  it('also caps the day: the daily window refuses when the short one would still allow', async () => {
    const guard = guardWith({ smsPerNumberShort: 100, smsPerNumberDay: 3 });
    for (let i = 0; i < 3; i++) await guard.sms.sent(PHONE);
    const refused = await refusal(guard.sms.assertAvailable(PHONE));
    expect(refused.guidance.retryAfterSeconds).toBeGreaterThan(86_000);
    expect(await guard.sms.left(PHONE)).toBe(0);
  });

  it('forwards 3 wrong passwords per number, counting down, then refuses until the window ends', async () => {
    const guard = guardWith();
    const left: number[] = [];
    for (let i = 0; i < 3; i++) {
      await guard.password.reserve(PHONE, { field: 'password' });
      left.push(await guard.password.failed(PHONE, true));
    }
    expect(left).toEqual([2, 1, 0]);
    const refused = await refusal(guard.password.reserve(PHONE, { field: 'password' }));
    expect(refused.toResponse().error).toMatchObject({ code: 'rate_limited', field: 'password', attemptsLeft: 0 });
    expect(refused.guidance.retryAfterSeconds).toBeGreaterThan(86_000);
  });

  it('gives a try back when the carrier did not judge the password, and forgives on authorization', async () => {
    const guard = guardWith();
    await guard.password.reserve(PHONE);
    await guard.password.release(PHONE);
    await guard.password.reserve(PHONE);
    expect(await guard.password.failed(PHONE, true)).toBe(2);
    // A stored password the carrier refused on a later step counts too.
    expect(await guard.password.failed(PHONE, false)).toBe(1);
    await guard.password.succeeded(PHONE);
    for (let i = 0; i < 3; i++) await guard.password.reserve(PHONE);
  });

  it('lets one captcha refresh through per session every 2 s', async () => {
    const guard = guardWith();
    await guard.captchaRefresh('ses_a');
    const refused = await refusal(guard.captchaRefresh('ses_a'));
    expect(refused.guidance.retryAfterSeconds).toBe(2);
    await guard.captchaRefresh('ses_b');
  });

  it('keeps numbers out of the counter keys', async () => {
    const guard = guardWith();
    await guard.numberStart(PHONE);
    await guard.sms.sent(PHONE);
    const probe = store.rateLimiter({ keyPrefix: 'number_start', points: 10, durationSeconds: 3600 });
    expect(await probe.get(PHONE)).toBeNull();
  });
});
