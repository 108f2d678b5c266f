import { afterEach, describe, expect, it } from 'vitest';
import type { FormStep } from '../../flow';
import { SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../../providers/rong360/sandbox';
import { abuseHarness, stepOf } from '../../test-support/server/abuse-harness';
import type { AbuseHarness } from '../../test-support/server/abuse-harness';

// The per-number limits against a simulator that logs every call it receives: what the guard
// refuses never reaches the vendor.

let h: AbuseHarness;
afterEach(async () => h.close());

const PHONE = '13800138000';
const DAY_S = 86_400;

interface Started {
  token: string;
  step: FormStep;
}
async function started(phone = PHONE): Promise<Started> {
  const answer = await h.start(phone);
  expect(answer.statusCode).toBe(201);
  const { token, step } = answer.json<{ token: string; step: FormStep }>();
  return { token, step };
}

const rateLimited = (answer: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) => {
  expect(answer.statusCode).toBe(429);
  const { error } = answer.json() as {
    error: { code: string; retryAfterSeconds: number; retryAt: string; field?: string; attemptsLeft?: number };
  };
  expect(error.code).toBe('rate_limited');
  expect(answer.headers['retry-after']).toBe(String(error.retryAfterSeconds));
  return error;
};

describe('wrong service passwords', () => {
  it('forwards 3 per number, counting the tries left down; the 4th never reaches the carrier and says when to try again', async () => {
    h = await abuseHarness('rong360');
    const { token, step } = await started();
    const left: Array<number | undefined> = [];
    for (let i = 0; i < 3; i++) {
      const answer = stepOf(await h.submit(token, step.id, { password: `00000${i}` }));
      const field = answer.type === 'form' ? answer.fields.find((f) => f.kind === 'servicePassword') : undefined;
      expect(field?.error?.code).toBe('password_incorrect');
      left.push(field?.error?.attemptsLeft);
    }
    expect(left).toEqual([2, 1, 0]);
    expect(h.count(/\.login /)).toBe(3);

    const fourth = rateLimited(await h.submit(token, step.id, { password: SANDBOX_PASSWORD }));
    expect(fourth).toMatchObject({ field: 'password', attemptsLeft: 0 });
    expect(fourth.retryAfterSeconds).toBeGreaterThan(DAY_S - 60);
    // A new session for the number does not get round it; another number is not affected.
    const again = await started();
    rateLimited(await h.submit(again.token, again.step.id, { password: SANDBOX_PASSWORD }));
    expect(h.count(/\.login /)).toBe(3);
    const other = await started('13800138001');
    expect(stepOf(await h.submit(other.token, other.step.id, { password: SANDBOX_PASSWORD })).type).toBe('form');
    expect(h.count(/\.login /)).toBe(4);
  });

  it('forgives the wrong ones once the number authorizes', async () => {
    h = await abuseHarness('rong360');
    const { token, step } = await started();
    await h.submit(token, step.id, { password: '000000' });
    await h.submit(token, step.id, { password: '000001' });
    const sms = stepOf(await h.submit(token, step.id, { password: SANDBOX_PASSWORD })) as FormStep;
    expect(stepOf(await h.submit(token, sms.id, { message_code: SANDBOX_SMS_CODE })).type).toBe('authorized');
    const next = await started();
    const tries = [];
    for (let i = 0; i < 3; i++) tries.push(stepOf(await h.submit(next.token, next.step.id, { password: `11111${i}` })).type);
    expect(tries).toEqual(['form', 'form', 'form']);
    expect(h.count(/\.login /)).toBe(6);
  });
});

describe('SMS sends per number', () => {
  it('sends 5 per 10 minutes across sessions (first sends and resends); the 6th is refused before the vendor', async () => {
    h = await abuseHarness('rong360');
    const { token, step } = await started();
    let sms = stepOf(await h.submit(token, step.id, { password: SANDBOX_PASSWORD })) as FormStep;
    expect(h.count(/\.login .*-> 200/)).toBe(1);
    for (let i = 0; i < 3; i++) {
      h.advance(61_000);
      sms = stepOf(await h.action(token, sms.id, 'message_code', 'resend')) as FormStep;
      expect(sms.type).toBe('form');
    }
    expect(h.count(/refreshMessageCode/)).toBe(3);
    // A second session's login sends the 5th.
    const second = await started();
    const secondSms = stepOf(await h.submit(second.token, second.step.id, { password: SANDBOX_PASSWORD })) as FormStep;
    expect(secondSms.fields.some((f) => f.kind === 'smsCode')).toBe(true);
    expect(h.count(/\.login .*-> 200/)).toBe(2);

    h.advance(61_000);
    const sixth = rateLimited(await h.action(token, sms.id, 'message_code', 'resend'));
    expect(sixth).toMatchObject({ field: 'message_code', attemptsLeft: 0 });
    expect(sixth.retryAfterSeconds).toBeLessThanOrEqual(600);
    expect(h.count(/refreshMessageCode/)).toBe(3);
    // Starting over cannot get round it: a new session for the number is refused, as is a login on
    // one already open (either may make the carrier send a code).
    rateLimited(await h.start(PHONE));
    rateLimited(await h.restart(second.token));
    expect(h.count(/\.login /)).toBe(2);
    // A code already sent can still be entered.
    expect(stepOf(await h.submit(token, sms.id, { message_code: SANDBOX_SMS_CODE })).type).toBe('authorized');
  });

  it('shows how many sends are left on an SMS field error', async () => {
    h = await abuseHarness('rong360');
    const { token, step } = await started();
    const sms = stepOf(await h.submit(token, step.id, { password: SANDBOX_PASSWORD })) as FormStep;
    const wrong = stepOf(await h.submit(token, sms.id, { message_code: '000000' })) as FormStep;
    const field = wrong.fields.find((f) => f.kind === 'smsCode');
    expect(field?.error).toMatchObject({ code: 'sms_code_incorrect', attemptsLeft: 4 });
  });
});

describe('session starts per number', () => {
  it('starts 10 per hour; the 11th is refused before calls/flow', async () => {
    h = await abuseHarness('dianhua');
    for (let i = 0; i < 10; i++) await started();
    expect(h.count(/^calls\/flow /)).toBe(10);
    const refused = rateLimited(await h.start(PHONE));
    expect(refused.retryAfterSeconds).toBeGreaterThan(3500);
    expect(h.count(/^calls\/flow /)).toBe(10);
    await started('13800138001');
  });
});

describe('image captcha refreshes', () => {
  it('lets one refresh per session through every 2 s', async () => {
    h = await abuseHarness('rong360');
    const { token, step } = await started('13800138001');
    const captcha = stepOf(await h.submit(token, step.id, { password: SANDBOX_PASSWORD })) as FormStep;
    const field = captcha.fields.find((f) => f.kind === 'imageCaptcha');
    expect(field).toBeDefined();
    const first = await h.action(token, captcha.id, field?.id ?? '', 'refresh');
    expect(first.statusCode).toBe(200);
    const refreshed = stepOf(first) as FormStep;
    const second = rateLimited(await h.action(token, refreshed.id, field?.id ?? '', 'refresh'));
    expect(second.retryAfterSeconds).toBeLessThanOrEqual(2);
    expect(h.count(/refreshPicCode/i)).toBe(1);
  });
});
