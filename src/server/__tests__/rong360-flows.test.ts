import { asForm } from '../../test-support/server/test-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepResponseSchema } from '../../flow/schemas';
import type { FieldKind, FormStep, Step } from '../../flow';
import { FLOW_SCENARIOS, JILIN_SMS } from '../../providers/rong360/sandbox';
import type { FlowKind } from '../../providers/rong360/sandbox';
import { SandboxUser, startHarness } from '../../test-support/server/rong360-harness';
import type { Harness } from '../../test-support/server/rong360-harness';

// The field kinds of each form step a flow shows, in order, before `authorized`.
const EXPECTED_STEPS: Record<FlowKind, FieldKind[][]> = {
  sms: [['servicePassword'], ['smsCode']],
  captchaFirst: [['servicePassword'], ['imageCaptcha'], ['smsCode']],
  shanxi: [['servicePassword'], ['imageCaptcha'], ['smsCode']],
  shandong: [['servicePassword'], ['smsCode', 'imageCaptcha']],
  jilin: [['servicePassword'], ['smsCode']],
  guangxi: [['servicePassword'], ['name', 'idCard'], ['smsCode']],
  shanghai: [['servicePassword'], ['imageCaptcha'], ['smsCode']],
  unknownStep: [['servicePassword'], ['text'], ['smsCode']],
  brandChoice: [['servicePassword'], ['select'], ['smsCode']],
};

let h: Harness;
const tokens: string[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  h.assertNoLeaks(tokens);
  h.assertCleanLogs(FLOW_SCENARIOS.map((s) => s.phone));
  // Transitions are logged, with the number masked.
  expect(h.t.logs.some((line) => line.includes('"phone":"138****8000"') && line.includes('session step'))).toBe(true);
  await h.close();
});

describe('every sandbox flow through the HTTP API and the real Rong360 simulator', () => {
  it.each(FLOW_SCENARIOS.map((s) => [s.flow, s.phone] as const))('%s (%s) reaches authorized', async (flow, phone) => {
    const user = new SandboxUser(phone);
    const started = await h.t.startOk(phone);
    tokens.push(started.token);
    let step: Step = started.step;
    const seen: FieldKind[][] = [];
    for (let i = 0; i < 6 && step.type === 'form'; i++) {
      seen.push(step.fields.map((f) => f.kind));
      if (flow === 'jilin' && step.fields[0]?.kind === 'smsCode') {
        expect(step.fields[0]).toMatchObject({ instruction: JILIN_SMS });
      }
      const response = await h.t.submit(started.token, step.id, user.answer(step));
      expect(response.statusCode).toBe(200);
      const next = StepResponseSchema.parse(response.json()).step;
      if (next.type === 'form') expect(next.error, JSON.stringify(next)).toBeUndefined();
      // A reload shows exactly the step just answered.
      expect(StepResponseSchema.parse((await h.t.current(started.token)).json()).step).toEqual(next);
      step = next;
    }
    expect(seen).toEqual(EXPECTED_STEPS[flow]);
    expect(step.type).toBe('authorized');
  });

  it('refreshes a captcha under the same step id with a new picture, and the new answer is accepted', async () => {
    const phone = '13800138001';
    const user = new SandboxUser(phone);
    const started = await h.t.startOk(phone);
    tokens.push(started.token);
    const captcha = asForm(
      StepResponseSchema.parse((await h.t.submit(started.token, started.step.id, user.answer(asForm(started.step)))).json()).step,
    );
    const field = captcha.fields[0];
    expect(field?.kind === 'imageCaptcha' && field.refreshable).toBe(true);
    const before = h.simCalls.length;
    const refreshed = asForm(StepResponseSchema.parse((await h.t.action(started.token, captcha.id, field!.id, 'refresh')).json()).step);
    expect(h.simCalls.length).toBe(before + 1);
    expect(refreshed).toMatchObject({ id: captcha.id, revision: captcha.revision + 1 });
    const image = (s: FormStep) => (s.fields[0]?.kind === 'imageCaptcha' ? s.fields[0].image : '');
    expect(image(refreshed)).not.toBe(image(captcha));
    const sms = asForm(StepResponseSchema.parse((await h.t.submit(started.token, refreshed.id, user.answer(refreshed))).json()).step);
    expect(sms.fields.map((f) => f.kind)).toEqual(['smsCode']);
  });

  it('restarts a session mid-flow onto a fresh password step that then completes', async () => {
    const phone = '13800138000';
    const user = new SandboxUser(phone);
    const started = await h.t.startOk(phone);
    tokens.push(started.token);
    const sms = asForm(
      StepResponseSchema.parse((await h.t.submit(started.token, started.step.id, user.answer(asForm(started.step)))).json()).step,
    );
    // A restart sends another SMS: only once the resend countdown is over.
    h.advance(61_000);
    const restarted = asForm(StepResponseSchema.parse((await h.t.restart(started.token)).json()).step);
    expect(restarted.intent).toBe('login');
    expect(restarted.id).not.toBe(sms.id);
    expect((await h.t.submit(started.token, sms.id, user.answer(sms))).statusCode).toBe(409);
    let step: Step = restarted;
    while (step.type === 'form') step = StepResponseSchema.parse((await h.t.submit(started.token, step.id, user.answer(step))).json()).step;
    expect(step.type).toBe('authorized');
  });
});
