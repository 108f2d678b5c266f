import { afterEach, describe, expect, it } from 'vitest';
import type { Field } from '../../../flow';
import { sandboxCaptchaAnswer } from '../sandbox-user';
import { FLOW_SCENARIOS, JILIN_SMS, SANDBOX_ID_CARD, SANDBOX_NAME, SANDBOX_PASSWORD } from '../sandbox';
import type { FlowScenario } from '../sandbox';
import { USER_ID, simulated, stepOf, valuesFor, walk } from '../../../test-support/providers/dianhua/helpers';
import type { Outcome } from '../../../test-support/providers/dianhua/helpers';

const T0 = Date.parse('2024-05-01T08:00:00.000Z');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** A simulator and adapter sharing one clock, with the simulator's log lines. */
async function setup(overrides: Parameters<typeof simulated>[0] = {}) {
  let clock = T0;
  const log: string[] = [];
  const now = () => clock;
  const s = await simulated(overrides, { now, log: (line) => log.push(line) }, { now });
  cleanups.push(s.close);
  return {
    ...s,
    log,
    advance: (ms: number) => (clock += ms),
    calls: (path: string) => log.filter((line) => line.startsWith(`${path} `)).length,
  };
}

const kinds = (fields: readonly Field[]) => fields.map((field) => field.kind);
const loginKinds = (f: FlowScenario) => [
  ...(f.needs.pin ? ['servicePassword'] : []),
  ...(f.needs.name ? ['name'] : []),
  ...(f.needs.idCard ? ['idCard'] : []),
  ...(f.loginCaptcha ? ['imageCaptcha'] : []),
  ...(f.loginSms ? ['smsCode'] : []),
];
const roundKinds = { sms: ['smsCode'], captcha: ['imageCaptcha'], both: ['smsCode', 'imageCaptcha'] } as const;

function smsFieldOf(outcome: Outcome) {
  const field = stepOf(outcome).fields.find((f) => f.kind === 'smsCode');
  if (field?.kind !== 'smsCode') throw new Error('no SMS field');
  return field;
}

describe('Dianhua adapter over the simulator: every flow scenario', () => {
  it.each(FLOW_SCENARIOS.map((f) => [f.phone, f.summary, f] as const))('%s (%s) ends authorized', async (phone, _summary, flow) => {
    const { adapter } = await setup();
    const outcomes = await walk(adapter, phone);
    const last = outcomes.at(-1)!;
    expect(last.type).toBe('authorized');
    expect(last.type === 'authorized' && last.taskId).toMatch(/^SID[0-9a-f]{32}$/);
    const steps = outcomes.slice(0, -1).map(stepOf);
    const expected = [
      loginKinds(flow),
      ...(flow.special === 'reset' ? [loginKinds(flow)] : []),
      ...(flow.verify ?? []).map((r) => [...roundKinds[r]]),
    ];
    expect(steps.map((step) => kinds(step.fields))).toEqual(expected);
    expect(steps[0]?.intent).toBe('login');
    for (const step of steps.slice(flow.special === 'reset' ? 2 : 1)) expect(step.intent).toBe('verify');
    // The sid is the task id, never part of a step.
    for (const step of steps) expect(JSON.stringify(step)).not.toContain(last.type === 'authorized' ? last.taskId : 'SID');
  });

  it('offers the in-widget recovery on the password field', async () => {
    const { adapter } = await setup();
    const field = stepOf(await adapter.start({ phone: '15000000100', userId: USER_ID })).fields[0];
    expect(field).toEqual({ id: 'password', kind: 'servicePassword', label: '服务密码', required: true, recovery: 'inline' });
  });

  it('turns Jilin`s verify_notes into an instruction, with nothing to resend', async () => {
    const { adapter } = await setup({ smsResend: 'endpoint' });
    const sms = smsFieldOf(await adapter.start({ phone: '18100000431', userId: USER_ID }));
    expect(sms.instruction).toEqual(JILIN_SMS);
    expect(sms.resend).toBeUndefined();
    expect(sms.detailHint).toBeUndefined();
  });

  it('starts again from calls/flow on `reset`, showing the vendor message', async () => {
    const { adapter, calls } = await setup();
    const start = await adapter.start({ phone: '15100000006', userId: USER_ID });
    const reset = await adapter.submit(start.state, valuesFor(stepOf(start), '15100000006'));
    expect(reset.type).toBe('step');
    expect(stepOf(reset)).toMatchObject({ intent: 'login', notice: '运营商登录状态已失效，请重新登录' });
    expect(reset.state.sid).not.toBe(start.state.sid);
    expect(calls('calls/flow')).toBe(2);
  });

  it('survives a token revoked mid-flow with one refresh and one retry', async () => {
    const { adapter, calls } = await setup();
    const outcomes = await walk(adapter, '15100000008');
    expect(outcomes.at(-1)?.type).toBe('authorized');
    expect(calls('token')).toBe(2);
    expect(calls('calls/login')).toBe(2); // refused with 4000 once, then retried
  });
});

describe('Dianhua adapter: fields and actions', () => {
  it('refuses a wrong password at the password field, then accepts the right one', async () => {
    const { adapter } = await setup();
    const start = await adapter.start({ phone: '15000000100', userId: USER_ID });
    const wrong = await adapter.submit(start.state, { password: '000000' });
    expect(wrong).toMatchObject({
      type: 'rejected',
      error: { code: 'password_incorrect', target: 'password', retry: 'field', upstreamCode: '4012' },
    });
    expect((await adapter.submit(wrong.state, { password: SANDBOX_PASSWORD })).type).toBe('authorized');
  });

  it('refreshes a captcha to a new picture, and shows a fresh one with a refused answer', async () => {
    const { adapter } = await setup();
    const start = await adapter.start({ phone: '15100000005', userId: USER_ID });
    const first = stepOf(start).fields.find((f) => f.kind === 'imageCaptcha');
    const refreshed = await adapter.fieldAction(start.state, 'captcha', 'refresh');
    const second = stepOf(refreshed).fields.find((f) => f.kind === 'imageCaptcha');
    expect(first?.kind === 'imageCaptcha' && second?.kind === 'imageCaptcha' && second.image !== first.image).toBe(true);
    expect(second?.kind === 'imageCaptcha' && second.image).toMatch(/^data:image\/png;base64,/);
    const wrong = await adapter.submit(refreshed.state, { password: SANDBOX_PASSWORD, captcha: '0000' });
    expect(wrong).toMatchObject({ type: 'rejected', error: { code: 'captcha_incorrect', target: 'captcha', retry: 'field' } });
    const third = stepOf(wrong).fields.find((f) => f.kind === 'imageCaptcha');
    expect(third?.kind === 'imageCaptcha' && third.image).not.toBe(second?.kind === 'imageCaptcha' && second.image);
    const values = valuesFor(stepOf(wrong), '15100000005');
    expect(values['captcha']).toBe(third?.kind === 'imageCaptcha' ? sandboxCaptchaAnswer(third.image) : '');
    expect((await adapter.submit(wrong.state, values)).type).toBe('authorized');
  });

  it('puts a wrong SMS code (4008 without a captcha) at the SMS field', async () => {
    const { adapter } = await setup();
    const [, verify] = await walk(adapter, '15100000001', { maxSteps: 1 });
    const wrong = await adapter.submit(verify!.state, { smsCode: '000000' });
    expect(wrong).toMatchObject({ type: 'rejected', error: { code: 'sms_code_incorrect', target: 'smsCode', upstreamCode: '4008' } });
  });

  it('sends name and ID card to calls/login and accepts them', async () => {
    const { adapter } = await setup();
    const start = await adapter.start({ phone: '15000000111', userId: USER_ID });
    const done = await adapter.submit(start.state, {
      password: SANDBOX_PASSWORD,
      name: ` ${SANDBOX_NAME} `,
      idCard: SANDBOX_ID_CARD.toLowerCase(),
    });
    expect(done.type).toBe('authorized');
  });
});

describe('Dianhua adapter: SMS resend', () => {
  it('with resend off, asks for a restart after the lock and never calls calls/verify/sms', async () => {
    const { adapter, calls } = await setup({ smsResend: 'off' });
    const [, verify] = await walk(adapter, '15100000001', { maxSteps: 1 });
    expect(smsFieldOf(verify!).resend).toEqual({ sent: true, allowedAt: new Date(T0 + 60_000).toISOString(), via: 'restart' });
    const resend = await adapter.fieldAction(verify!.state, 'smsCode', 'resend');
    expect(resend).toMatchObject({ type: 'rejected', error: { code: 'action_unavailable' } });
    expect(calls('calls/verify/sms')).toBe(0);
  });

  it('with the endpoint, refuses an early resend without calling upstream, then resends up to the limit', async () => {
    const { adapter, calls, advance } = await setup({ smsResend: 'endpoint', maxSmsResends: 2 });
    const [, verify] = await walk(adapter, '15100000001', { maxSteps: 1 });
    expect(smsFieldOf(verify!).resend?.via).toBe('action');
    expect(await adapter.fieldAction(verify!.state, 'smsCode', 'resend')).toMatchObject({
      type: 'rejected',
      error: { code: 'action_too_early' },
    });
    expect(calls('calls/verify/sms')).toBe(0);
    advance(60_000);
    const once = await adapter.fieldAction(verify!.state, 'smsCode', 'resend');
    expect(once.type).toBe('step');
    expect(smsFieldOf(once).resend).toEqual({ sent: true, allowedAt: new Date(T0 + 120_000).toISOString(), via: 'action' });
    advance(60_000);
    const twice = await adapter.fieldAction(once.state, 'smsCode', 'resend');
    expect(smsFieldOf(twice).resend?.via).toBe('restart');
    advance(60_000);
    expect(await adapter.fieldAction(twice.state, 'smsCode', 'resend')).toMatchObject({
      type: 'rejected',
      error: { code: 'action_unavailable' },
    });
    expect(calls('calls/verify/sms')).toBe(2);
    expect((await adapter.submit(twice.state, { smsCode: '123456' })).type).toBe('authorized');
  });

  it('restarts the lock when the upstream says a new code was sent (20013)', async () => {
    const { adapter, advance } = await setup({ smsResend: 'endpoint' });
    const [, verify] = await walk(adapter, '15300020013', { maxSteps: 1 });
    advance(30_000);
    const expired = await adapter.submit(verify!.state, { smsCode: '123456' });
    expect(expired).toMatchObject({ type: 'rejected', error: { code: 'sms_code_expired', target: 'smsCode' } });
    expect(smsFieldOf(expired).resend?.allowedAt).toBe(new Date(T0 + 90_000).toISOString());
  });
});
