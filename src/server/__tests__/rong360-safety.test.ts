import { asForm, errorOf } from '../../test-support/server/test-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepResponseSchema } from '../../flow/schemas';
import { FAULT_SCENARIOS, SANDBOX_ID_CARD, SANDBOX_NAME, SANDBOX_SMS_CODE } from '../../providers/rong360/sandbox';
import { SandboxUser, startHarness } from '../../test-support/server/rong360-harness';
import type { Harness } from '../../test-support/server/rong360-harness';

let h: Harness;
const tokens: string[] = [];
beforeAll(async () => {
  // A short client timeout so the hanging-gateway fault answers quickly.
  h = await startHarness({ timeoutMs: 1_000, timeoutFaultMs: 3_000 });
});
afterAll(async () => {
  h.assertNoLeaks(tokens);
  h.assertCleanLogs(['13800138000', '18900138005', ...FAULT_SCENARIOS.map((s) => s.phone)]);
  await h.close();
});

const stepOf = (r: { json(): unknown }) => StepResponseSchema.parse(r.json()).step;

async function begin(phone: string) {
  const user = new SandboxUser(phone);
  const started = await h.t.startOk(phone);
  tokens.push(started.token);
  return { user, token: started.token, step: asForm(started.step) };
}

/** A session on the SMS step of the plain flow. */
async function atSmsStep(phone = '13800138000') {
  const { user, token, step } = await begin(phone);
  const sms = asForm(stepOf(await h.t.submit(token, step.id, user.answer(step))));
  expect(sms.fields.map((f) => f.kind)).toEqual(['smsCode']);
  return { user, token, sms };
}

describe('restarting during an SMS countdown', () => {
  it('is refused (429) while the code just sent may still arrive, since a restart sends another', async () => {
    const { token } = await atSmsStep();
    const calls = h.simCalls.length;
    const early = await h.t.restart(token);
    expect(early.statusCode).toBe(429);
    expect(errorOf(early).code).toBe('action_too_early');
    expect(h.simCalls.length).toBe(calls);
  });
});

describe('transport faults', () => {
  it.each([
    ['timeout', 'upstream_timeout'],
    ['http502', 'upstream_unavailable'],
    ['garbage', 'upstream_invalid_response'],
    ['wrongShape', 'upstream_invalid_response'],
  ] as const)('%s at login gives a retryable %s on the same step', async (fault, code) => {
    const phone = FAULT_SCENARIOS.find((s) => s.fault === fault)!.phone;
    const { user, token, step } = await begin(phone);
    const first = asForm(stepOf(await h.t.submit(token, step.id, user.answer(step))));
    expect(first).toMatchObject({ id: step.id, revision: 1, error: { code } });
    expect(first.fields.every((f) => f.error === undefined)).toBe(true);
    // Retrying is allowed and goes upstream again.
    const calls = h.simCalls.length;
    const second = asForm(stepOf(await h.t.submit(token, first.id, user.answer(first))));
    expect(second).toMatchObject({ id: step.id, revision: 2, error: { code } });
    expect(h.simCalls.length).toBe(calls + 1);
  });
});

describe('session safety against the real simulator', () => {
  it('refuses a stale step id with 409 and no upstream call', async () => {
    const { token, sms } = await atSmsStep();
    const calls = h.simCalls.length;
    const stale = await h.t.submit(token, 'st_not-current', { message_code: SANDBOX_SMS_CODE });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale)).toMatchObject({ code: 'step_outdated', retryable: true });
    expect(h.simCalls.length).toBe(calls);
    expect(stepOf(await h.t.current(token))).toEqual(sms);
  });

  it('sends a double-clicked submission upstream once; the other answer is 409', async () => {
    const { token, sms } = await atSmsStep();
    const calls = h.simCalls.length;
    // A wrong code keeps the step id, so only the per-session queue stops the second call.
    const values = { [sms.fields[0]!.id]: '000000' };
    const answers = await Promise.all([
      h.t.submit(token, sms.id, values),
      h.t.submit(token, sms.id, values),
      h.t.submit(token, sms.id, values),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
    expect(h.simCalls.length).toBe(calls + 1);
  });

  it('refuses a resend before allowedAt with 429 and no upstream call, and allows it afterwards', async () => {
    const { token, sms } = await atSmsStep();
    const field = sms.fields[0]!;
    expect(field.kind === 'smsCode' && field.resend?.sent).toBe(true);
    const calls = h.simCalls.length;
    const early = await h.t.action(token, sms.id, field.id, 'resend');
    expect(early.statusCode).toBe(429);
    expect(errorOf(early)).toMatchObject({ code: 'action_too_early', retryable: true });
    expect(h.simCalls.length).toBe(calls);
    h.advance(61_000);
    const resent = asForm(stepOf(await h.t.action(token, sms.id, field.id, 'resend')));
    expect(h.simCalls.length).toBe(calls + 1);
    expect(resent).toMatchObject({ id: sms.id, revision: sms.revision + 1 });
    const before = field.kind === 'smsCode' ? Date.parse(field.resend?.allowedAt ?? '') : NaN;
    const after = resent.fields[0]?.kind === 'smsCode' ? Date.parse(resent.fields[0].resend?.allowedAt ?? '') : NaN;
    expect(after - before).toBeGreaterThanOrEqual(61_000);
  });

  it('refuses a refresh on a field that offers none with 400 and no upstream call', async () => {
    const { token, sms } = await atSmsStep();
    const calls = h.simCalls.length;
    const refused = await h.t.action(token, sms.id, sms.fields[0]!.id, 'refresh');
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).code).toBe('action_unavailable');
    expect(h.simCalls.length).toBe(calls);
  });

  it('answers 422 for a bad ID check digit, an unknown key or a missing field, with no upstream call', async () => {
    const { user, token, step } = await begin('18900138005');
    const identity = asForm(stepOf(await h.t.submit(token, step.id, user.answer(step))));
    const id = (kind: string) => identity.fields.find((f) => f.kind === kind)!.id;
    const calls = h.simCalls.length;
    const bad: Array<Record<string, string>> = [
      { [id('name')]: SANDBOX_NAME, [id('idCard')]: `${SANDBOX_ID_CARD.slice(0, 17)}1` },
      { [id('name')]: SANDBOX_NAME, [id('idCard')]: SANDBOX_ID_CARD, extra: 'x' },
      { [id('name')]: SANDBOX_NAME },
    ];
    for (const values of bad) {
      const response = await h.t.submit(token, identity.id, values);
      expect(response.statusCode).toBe(422);
      expect(errorOf(response).code).toBe('input_invalid');
    }
    expect(h.simCalls.length).toBe(calls);
    const sms = asForm(stepOf(await h.t.submit(token, identity.id, user.answer(identity))));
    expect(sms.fields.map((f) => f.kind)).toEqual(['smsCode']);
  });

  it('answers 400 with the error shape to bad JSON, wrong types and an oversized body', async () => {
    const { token, step } = await begin('13800138000');
    const calls = h.simCalls.length;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const url = `/api/session/steps/${step.id}`;
    for (const payload of [
      '{"values":',
      '{"values":{"password":123456}}',
      '"values"',
      JSON.stringify({ values: { password: 'x'.repeat(17_000) } }),
    ]) {
      const response = await h.t.app.inject({ method: 'POST', url, headers, payload });
      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toMatchObject({ code: 'bad_request', retryable: false });
    }
    expect(h.simCalls.length).toBe(calls);
  });

  it('answers 401 to an unknown token and to a session idle past its TTL', async () => {
    const unknown = await h.t.current('x'.repeat(43));
    expect(unknown.statusCode).toBe(401);
    const { token, sms } = await atSmsStep();
    h.advance(1_801_000);
    const expired = await h.t.submit(token, sms.id, { [sms.fields[0]!.id]: SANDBOX_SMS_CODE });
    expect(expired.statusCode).toBe(401);
    expect(errorOf(expired).code).toBe('session_expired');
  });
});
