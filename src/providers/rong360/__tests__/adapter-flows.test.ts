import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderFormStep } from '../../types';
import type { Rong360State } from '../adapter';
import { CAPTCHA_SEQUENCE, FLOW_SCENARIOS, JILIN_SMS, SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../sandbox';
import type { FlowKind } from '../sandbox';
import type { AdapterOutcome } from '../../types';
import { captchaAnswer, expectNoLeak, startSandbox, stepOf, valuesFor } from '../../../test-support/providers/rong360/helpers';

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const EXPECTED_STEPS: Record<FlowKind, string[]> = {
  sms: ['login:servicePassword', 'verify:smsCode'],
  captchaFirst: ['login:servicePassword', 'login:imageCaptcha', 'verify:smsCode'],
  shanxi: ['login:servicePassword', 'requestSms:imageCaptcha', 'verify:smsCode'],
  shandong: ['login:servicePassword', 'verify:smsCode+imageCaptcha'],
  jilin: ['login:servicePassword', 'verify:smsCode'],
  guangxi: ['login:servicePassword', 'requestSms:name+idCard', 'verify:smsCode'],
  shanghai: ['login:servicePassword', 'login:imageCaptcha', 'verify:smsCode'],
  unknownStep: ['login:servicePassword', 'verify:text', 'verify:smsCode'],
  brandChoice: ['login:servicePassword', 'verify:select', 'verify:smsCode'],
};

const summary = (step: ProviderFormStep) => `${step.intent}:${step.fields.map((f) => f.kind).join('+')}`;
type Outcome = AdapterOutcome<Rong360State>;

async function login(phone: string, adapter = sandbox.adapter()) {
  const started = await adapter.start({ phone, userId: randomUUID() });
  return { adapter, outcome: await adapter.submit(started.state, { password: SANDBOX_PASSWORD }) };
}

describe('Rong360 adapter against the simulator: every flow', () => {
  it.each(FLOW_SCENARIOS)('takes $phone ($flow, $region) to authorized', async ({ phone, flow }) => {
    const adapter = sandbox.adapter();
    let outcome: Outcome = await adapter.start({ phone, userId: randomUUID() });
    const steps: ProviderFormStep[] = [];
    for (let i = 0; i < 8 && outcome.type === 'step'; i++) {
      expectNoLeak(outcome, [SANDBOX_PASSWORD, phone]);
      steps.push(outcome.step);
      outcome = await adapter.submit(outcome.state, valuesFor(outcome.step, phone));
    }
    expect(outcome).toMatchObject({ type: 'authorized', taskId: expect.stringMatching(/^\d+$/) });
    expect(steps.map(summary)).toEqual(EXPECTED_STEPS[flow]);
    expect(JSON.stringify(outcome.state)).not.toContain(SANDBOX_PASSWORD);
  });

  it('shows Jilin users what to text where, with no resend', async () => {
    const { outcome } = await login('18900138004');
    expect(stepOf(outcome).fields[0]).toMatchObject({ kind: 'smsCode', instruction: JILIN_SMS });
    expect(stepOf(outcome).fields[0]).not.toHaveProperty('resend');
  });

  it('shows Shanghai the sum with its detail hint and refreshes it through the answer that carries a next', async () => {
    const { adapter, outcome } = await login('18900138006');
    const captcha = stepOf(outcome).fields[0]!;
    expect(captcha).toMatchObject({ kind: 'imageCaptcha', detailHint: '请输入图片验证码中的计算结果', refreshable: true });
    expect(captcha.kind === 'imageCaptcha' && captchaAnswer(captcha.image)).toBe('8');
    const refreshed = await adapter.fieldAction(outcome.state, 'pic_code', 'refresh');
    const image = stepOf(refreshed).fields[0];
    expect(image?.kind === 'imageCaptcha' && captchaAnswer(image.image)).toBe('13');
    const sms = await adapter.submit(refreshed.state, { pic_code: '13' });
    expect(summary(stepOf(sms))).toBe('verify:smsCode');
  });

  it('refreshes a captcha to the next code of the sequence, and only the shown code passes', async () => {
    const { adapter, outcome } = await login('13800138001');
    const first = stepOf(outcome).fields[0];
    expect(first?.kind === 'imageCaptcha' && captchaAnswer(first.image)).toBe(CAPTCHA_SEQUENCE[0]);
    const refreshed = await adapter.fieldAction(outcome.state, 'pic_code', 'refresh');
    expectNoLeak(refreshed, [SANDBOX_PASSWORD]);
    const second = stepOf(refreshed).fields[0];
    expect(second?.kind === 'imageCaptcha' && captchaAnswer(second.image)).toBe(CAPTCHA_SEQUENCE[1]);

    const stale = await adapter.submit(refreshed.state, { pic_code: CAPTCHA_SEQUENCE[0] });
    expect(stale).toMatchObject({ type: 'rejected', error: { code: 'captcha_incorrect', target: 'captcha' } });
    const third = stale.type === 'rejected' ? stale.step?.fields[0] : undefined;
    expect(third?.kind === 'imageCaptcha' && captchaAnswer(third.image)).toBe(CAPTCHA_SEQUENCE[2]);
    const sms = await adapter.submit(stale.state, { pic_code: CAPTCHA_SEQUENCE[2] });
    expect(summary(stepOf(sms))).toBe('verify:smsCode');
  });

  it('resends the SMS code once the cooldown is over', async () => {
    let clock = Date.now();
    const adapter = sandbox.adapter({ smsResendSeconds: 30 }, { now: () => clock });
    const { outcome } = await login('13800138000', adapter);
    const field = stepOf(outcome).fields[0];
    expect(field).toMatchObject({ kind: 'smsCode', resend: { sent: true, allowedAt: new Date(clock + 30_000).toISOString() } });
    expect(await adapter.fieldAction(outcome.state, 'message_code', 'resend')).toMatchObject({
      type: 'rejected',
      error: { code: 'action_too_early' },
    });
    clock += 31_000;
    const resent = await adapter.fieldAction(outcome.state, 'message_code', 'resend');
    expect(stepOf(resent).fields[0]).toMatchObject({ resend: { sent: true, allowedAt: new Date(clock + 30_000).toISOString() } });
    expect(await adapter.submit(resent.state, { message_code: SANDBOX_SMS_CODE })).toMatchObject({ type: 'authorized' });
  });

  it('refuses a wrong password and a wrong SMS code at their fields, then goes on', async () => {
    const adapter = sandbox.adapter();
    const started = await adapter.start({ phone: '13800138000', userId: randomUUID() });
    const wrong = await adapter.submit(started.state, { password: '000000' });
    expect(wrong).toMatchObject({ type: 'rejected', error: { code: 'password_incorrect', target: 'password', upstreamCode: '208101' } });
    const sms = await adapter.submit(wrong.state, { password: SANDBOX_PASSWORD });
    const badCode = await adapter.submit(sms.state, { message_code: '000000' });
    expect(badCode).toMatchObject({ type: 'rejected', error: { code: 'sms_code_incorrect', target: 'smsCode', retry: 'field' } });
    expect(await adapter.submit(badCode.state, { message_code: SANDBOX_SMS_CODE })).toMatchObject({ type: 'authorized' });
  });

  it('refuses an invalid ID card on the Guangxi identity step', async () => {
    const { adapter, outcome } = await login('18900138005');
    const bad = await adapter.submit(outcome.state, { real_name: '张三', id_card: '110105194912310021' });
    expect(bad).toMatchObject({ type: 'rejected', error: { code: 'identity_incorrect', target: 'identity', retry: 'field' } });
  });
});
