import { asForm, errorOf } from '../../test-support/server/test-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepResponseSchema } from '../../flow/schemas';
import type { FieldOf, FormStep } from '../../flow';
import { FAULT_SCENARIOS } from '../../providers/dianhua/sandbox';
import { MAX_RESTARTS } from '../session/guards';
import { DianhuaUser, startDianhuaHarness } from '../../test-support/server/dianhua-harness';
import type { DianhuaHarness } from '../../test-support/server/dianhua-harness';

// Password, then a second verification by SMS code (60 s countdown); and SMS code sent at calls/flow (120 s).
const VERIFY_SMS = '15100000001';
const FLOW_SMS = '15000000000';

let h: DianhuaHarness;
let endpoint: DianhuaHarness;
let shortToken: DianhuaHarness;
const tokens: string[] = [];
beforeAll(async () => {
  // A short client timeout so the hanging-gateway fault answers quickly.
  h = await startDianhuaHarness({ timeoutMs: 1_000, timeoutFaultMs: 3_000 });
  endpoint = await startDianhuaHarness({ smsResend: 'endpoint' });
  shortToken = await startDianhuaHarness({ tokenTtlSeconds: 300 });
});
afterAll(async () => {
  const phones = [VERIFY_SMS, FLOW_SMS, ...FAULT_SCENARIOS.map((s) => s.phone)];
  for (const harness of [h, endpoint, shortToken]) {
    harness.assertNoLeaks(tokens);
    harness.assertCleanLogs(phones);
    await harness.close();
  }
});

const stepOf = (r: { statusCode: number; json(): unknown }) => {
  expect(r.statusCode, JSON.stringify(r.json())).toBe(200);
  return StepResponseSchema.parse(r.json()).step;
};
const smsField = (step: FormStep) => step.fields.find((f): f is FieldOf<'smsCode'> => f.kind === 'smsCode');

async function begin(harness: DianhuaHarness, phone: string) {
  const started = await harness.t.startOk(phone);
  tokens.push(started.token);
  return { token: started.token, step: asForm(started.step), user: new DianhuaUser(phone) };
}

/** From the login step to the second-verification SMS step. */
async function toVerifySms(harness: DianhuaHarness, token: string, login: FormStep, user: DianhuaUser) {
  const sms = asForm(stepOf(await harness.t.submit(token, login.id, user.answer(login))));
  expect(sms.intent).toBe('verify');
  return sms;
}

describe('transport faults', () => {
  it.each([
    ['timeout', 'upstream_timeout'],
    ['http502', 'upstream_unavailable'],
    ['garbage', 'upstream_invalid_response'],
    ['wrongShape', 'upstream_invalid_response'],
  ] as const)('%s at login gives a retryable %s on the same step, and a retry goes upstream again', async (fault, code) => {
    const phone = FAULT_SCENARIOS.find((s) => s.fault === fault)!.phone;
    const { token, step, user } = await begin(h, phone);
    const first = asForm(stepOf(await h.t.submit(token, step.id, user.answer(step))));
    expect(first).toMatchObject({ id: step.id, revision: 1, error: { code } });
    expect(first.fields.every((f) => f.error === undefined)).toBe(true);
    const logins = () => h.upstream.filter((e) => e.path === '/calls/login').length;
    const before = logins();
    const second = asForm(stepOf(await h.t.submit(token, first.id, user.answer(first))));
    expect(second).toMatchObject({ id: step.id, revision: 2, error: { code } });
    expect(logins()).toBe(before + 1);
  });
});

describe('a new SMS code by starting again (DIANHUA_SMS_RESEND=off)', () => {
  it('refuses resend and an early restart with no upstream call, then restarts once the countdown is over', async () => {
    const { token, step, user } = await begin(h, VERIFY_SMS);
    const sms = await toVerifySms(h, token, step, user);
    const field = smsField(sms)!;
    expect(field.resend).toMatchObject({ sent: true, via: 'restart' });
    const calls = h.upstream.length;
    const resend = await h.t.action(token, sms.id, field.id, 'resend');
    expect(resend.statusCode).toBe(400);
    expect(errorOf(resend).code).toBe('action_unavailable');
    const early = await h.t.restart(token);
    expect(early.statusCode).toBe(429);
    expect(errorOf(early)).toMatchObject({ code: 'action_too_early', retryable: true });
    expect(h.upstream.length).toBe(calls);
    h.advancePast(field.resend!.allowedAt!);
    const restarted = asForm(stepOf(await h.t.restart(token)));
    expect(restarted.intent).toBe('login');
    expect(h.upstream.slice(calls).map((e) => e.path)).toEqual(['/calls/flow']);
  });

  it('holds the countdown of an SMS code sent at calls/flow too', async () => {
    const { token, step } = await begin(h, FLOW_SMS);
    expect(smsField(step)?.resend).toMatchObject({ via: 'restart' });
    const early = await h.t.restart(token);
    expect(early.statusCode).toBe(429);
    expect(errorOf(early).code).toBe('action_too_early');
  });

  it(`allows ${MAX_RESTARTS} restarts a session, then 429 too_many_attempts; the last code still completes`, async () => {
    const { token, step, user } = await begin(h, VERIFY_SMS);
    let login = step;
    for (let i = 0; i < MAX_RESTARTS; i++) {
      await toVerifySms(h, token, login, user);
      h.advance(61_000);
      login = asForm(stepOf(await h.t.restart(token)));
    }
    const sms = await toVerifySms(h, token, login, user);
    h.advance(61_000);
    const calls = h.upstream.length;
    const capped = await h.t.restart(token);
    expect(capped.statusCode).toBe(429);
    expect(errorOf(capped)).toMatchObject({ code: 'too_many_attempts', retryable: false });
    expect(h.upstream.length).toBe(calls);
    expect(stepOf(await h.t.submit(token, sms.id, user.answer(sms))).type).toBe('authorized');
  });
});

describe('the deprecated SMS refresh (DIANHUA_SMS_RESEND=endpoint)', () => {
  it('resends through calls/verify/sms behind the countdown, at most twice, then only by starting again', async () => {
    const { token, step, user } = await begin(endpoint, VERIFY_SMS);
    let sms = await toVerifySms(endpoint, token, step, user);
    for (let i = 0; i < 2; i++) {
      const field = smsField(sms)!;
      expect(field.resend).toMatchObject({ via: 'action' });
      const calls = endpoint.upstream.length;
      const early = await endpoint.t.action(token, sms.id, field.id, 'resend');
      expect(early.statusCode).toBe(429);
      expect(errorOf(early).code).toBe('action_too_early');
      expect(endpoint.upstream.length).toBe(calls);
      endpoint.advancePast(field.resend!.allowedAt!);
      const resent = asForm(stepOf(await endpoint.t.action(token, sms.id, field.id, 'resend')));
      expect(endpoint.upstream.slice(calls).map((e) => e.path)).toEqual(['/calls/verify/sms']);
      expect(resent).toMatchObject({ id: sms.id, revision: sms.revision + 1 });
      expect(resent.error ?? resent.fields[0]?.error).toBeUndefined();
      expect(Date.parse(smsField(resent)!.resend!.allowedAt!)).toBeGreaterThan(Date.parse(field.resend!.allowedAt!));
      sms = resent;
    }
    const spent = smsField(sms)!;
    expect(spent.resend).toMatchObject({ via: 'restart' });
    endpoint.advancePast(spent.resend!.allowedAt!);
    const calls = endpoint.upstream.length;
    const refused = await endpoint.t.action(token, sms.id, spent.id, 'resend');
    expect(refused.statusCode).toBe(400);
    expect(endpoint.upstream.length).toBe(calls);
    expect(stepOf(await endpoint.t.submit(token, sms.id, user.answer(sms))).type).toBe('authorized');
  });
});

describe('the upstream token', () => {
  it('expires by time in the middle of a flow, and the flow completes with a new one', async () => {
    const { token, step, user } = await begin(shortToken, VERIFY_SMS);
    const sms = await toVerifySms(shortToken, token, step, user);
    const issued = () => shortToken.upstream.filter((e) => e.path === '/token').length;
    expect(issued()).toBe(1);
    shortToken.advance(301_000);
    expect(stepOf(await shortToken.t.submit(token, sms.id, user.answer(sms))).type).toBe('authorized');
    expect(issued()).toBe(2);
    const tokensUsed = new Set(shortToken.upstream.map((e) => e.query.get('token')).filter(Boolean));
    expect(tokensUsed.size).toBe(2);
  });
});

describe('session safety against the real simulator', () => {
  it('sends a double-clicked submission upstream once; the others answer 409', async () => {
    const { token, step, user } = await begin(h, VERIFY_SMS);
    const sms = await toVerifySms(h, token, step, user);
    const verifies = () => h.upstream.filter((e) => e.path === '/calls/verify').length;
    const before = verifies();
    const values = { [smsField(sms)!.id]: '000000' };
    const answers = await Promise.all([
      h.t.submit(token, sms.id, values),
      h.t.submit(token, sms.id, values),
      h.t.submit(token, sms.id, values),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
    expect(verifies()).toBe(before + 1);
  });
});
