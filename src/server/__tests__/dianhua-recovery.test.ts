import { asForm, errorOf } from '../../test-support/server/test-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepResponseSchema } from '../../flow/schemas';
import type { FieldKind, FieldValue, FormStep, Step } from '../../flow';
import {
  RECOVERY_SCENARIOS,
  SANDBOX_CONTACTS,
  SANDBOX_NEW_PASSWORD,
  SANDBOX_NEW_PASSWORD_8,
  SANDBOX_PASSWORD,
} from '../../providers/dianhua/sandbox';
import type { RecoveryScenario } from '../../providers/dianhua/sandbox';
import { DianhuaUser, startDianhuaHarness } from '../../test-support/server/dianhua-harness';
import type { DianhuaHarness } from '../../test-support/server/dianhua-harness';

// Numbers outside RECOVERY_SCENARIOS recover by SMS code then a new password; 15200000003 asks for contacts.
const DEFAULT_PHONE = '15200000101';
const CONTACTS_PHONE = '15200000003';

let h: DianhuaHarness;
const tokens: string[] = [];
beforeAll(async () => {
  h = await startDianhuaHarness();
});
afterAll(async () => {
  h.assertNoLeaks(tokens);
  h.assertCleanLogs([...RECOVERY_SCENARIOS.map((s) => s.phone), DEFAULT_PHONE, CONTACTS_PHONE, '13700001111', '13700002222']);
  await h.close();
});

const stepOf = (r: { statusCode: number; json(): unknown }) => {
  expect(r.statusCode, JSON.stringify(r.json())).toBe(200);
  return asForm(StepResponseSchema.parse(r.json()).step);
};
const kinds = (step: FormStep) => step.fields.map((f) => f.kind);
const fieldId = (step: FormStep, kind: FieldKind) => step.fields.find((f) => f.kind === kind)!.id;

const STEP_KINDS: Record<RecoveryScenario['steps'][number], FieldKind[][]> = {
  sms: [['smsCode']],
  loginSms: [['smsCode']],
  contacts: [['contacts']],
  newPassword: [['newPassword']],
  // The first answer has 6 digits; 30002 asks for 8 on the same step.
  newPassword8: [['newPassword'], ['newPassword']],
};

/** A session on the first recovery step (name + ID card), opened from the login step. */
async function openRecovery(phone: string) {
  const started = await h.t.startOk(phone);
  tokens.push(started.token);
  const login = asForm(started.step);
  const identity = stepOf(await h.t.action(started.token, login.id, fieldId(login, 'servicePassword'), 'recover'));
  expect(identity).toMatchObject({ purpose: 'recoverPassword', cancellable: true });
  expect(identity.id).not.toBe(login.id);
  expect(kinds(identity)).toEqual(['name', 'idCard']);
  return { token: started.token, login, identity, user: new DianhuaUser(phone) };
}

/** Logs in from the login step and walks to the end. */
async function logIn(token: string, login: FormStep, user: DianhuaUser): Promise<Step> {
  let step: Step = login;
  for (let i = 0; i < 6 && step.type === 'form'; i++)
    step = StepResponseSchema.parse((await h.t.submit(token, step.id, user.answer(step))).json()).step;
  return step;
}

describe('every Dianhua recovery scenario through the recover action', () => {
  it.each(RECOVERY_SCENARIOS.map((s) => [s.phone, s.summary, s] as const))('%s (%s)', async (phone, _summary, scenario) => {
    const { token, identity, user } = await openRecovery(phone);
    let step = identity;
    const seen: FieldKind[][] = [];
    let refusedSix = false;
    for (let i = 0; i < 8 && step.purpose === 'recoverPassword'; i++) {
      const next = stepOf(await h.t.submit(token, step.id, user.answer(step)));
      if (next.purpose === 'recoverPassword') {
        seen.push(kinds(next));
        if (next.error || next.fields.some((f) => f.error)) {
          // Only the 8-digit carrier refuses a first answer: at the new password, which now wants 8 digits.
          expect(scenario.steps).toContain('newPassword8');
          expect(next.error).toBeUndefined();
          expect(next.fields[0]).toMatchObject({ kind: 'newPassword', length: 8, error: { code: 'new_password_invalid' } });
          expect(next.id).toBe(step.id);
          refusedSix = true;
        }
      }
      step = next;
    }
    expect(seen).toEqual(scenario.steps.flatMap((s) => STEP_KINDS[s]));
    expect(refusedSix).toBe(scenario.steps.includes('newPassword8'));
    // Back at the login step, with a confirmation or the reason it could not be done.
    expect(step.purpose).toBeUndefined();
    expect(step.intent).toBe('login');
    if (scenario.failCode) {
      expect(step.error).toMatchObject({ code: 'recovery_unsupported' });
      expect(await logIn(token, step, user)).toMatchObject({ type: 'authorized' });
      return;
    }
    const told = scenario.steps.some((s) => s.startsWith('newPassword')) || scenario.plainPassword !== undefined;
    expect(step.notice).toMatch(told ? /服务密码已重置/ : /请查收运营商短信中的新密码/);
    // §9.4: 上海电信 answers the new password in plain text; the applicant sees it on the login step.
    expect(step.recoveredPassword?.password).toBe(scenario.plainPassword);
    // The old password no longer works; the new one does.
    const refused = stepOf(await h.t.submit(token, step.id, user.answer(step)));
    expect(refused.fields.find((f) => f.kind === 'servicePassword')?.error?.code).toBe('password_incorrect');
    // Shown until the login goes through: a mistyped try must not hide it.
    expect(refused.recoveredPassword?.password).toBe(scenario.plainPassword);
    user.password = scenario.plainPassword ?? (scenario.steps.includes('newPassword8') ? SANDBOX_NEW_PASSWORD_8 : SANDBOX_NEW_PASSWORD);
    expect(await logIn(token, refused, user)).toMatchObject({ type: 'authorized' });
  });
});

describe('leaving the recovery', () => {
  it('cancels from the first recovery step back to login, without an upstream call, and logs in', async () => {
    const { token, identity, user } = await openRecovery(DEFAULT_PHONE);
    const calls = h.upstream.length;
    const back = stepOf(await h.t.cancel(token, identity.id));
    expect(h.upstream.length).toBe(calls);
    expect(back).toMatchObject({ intent: 'login' });
    expect(back.purpose).toBeUndefined();
    expect(back.cancellable).toBeUndefined();
    expect(await logIn(token, back, user)).toMatchObject({ type: 'authorized' });
  });

  it('cancels from a later recovery step; the password is unchanged and cancel is refused on login', async () => {
    const { token, identity, user } = await openRecovery(DEFAULT_PHONE);
    const sms = stepOf(await h.t.submit(token, identity.id, user.answer(identity)));
    expect(kinds(sms)).toEqual(['smsCode']);
    const back = stepOf(await h.t.cancel(token, sms.id));
    expect(back.intent).toBe('login');
    const refused = await h.t.cancel(token, back.id);
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).code).toBe('action_unavailable');
    expect(user.password).toBe(SANDBOX_PASSWORD);
    expect(await logIn(token, back, user)).toMatchObject({ type: 'authorized' });
  });
});

describe('values checked before the upstream sees them', () => {
  it.each([
    ['an ascending run', '123456'],
    ['one repeated digit', '888888'],
    ['six digits of the phone number', '520000'],
    ['six digits of the ID card given at the first step', '194912'],
    ['letters', '36a024'],
  ])('refuses a new password with %s: 422 new_password_invalid at its field', async (_case, value) => {
    const { token, identity, user } = await openRecovery(DEFAULT_PHONE);
    const sms = stepOf(await h.t.submit(token, identity.id, user.answer(identity)));
    const reset = stepOf(await h.t.submit(token, sms.id, user.answer(sms)));
    expect(kinds(reset)).toEqual(['newPassword']);
    const calls = h.upstream.length;
    const refused = await h.t.submit(token, reset.id, { [reset.fields[0]!.id]: value });
    expect(refused.statusCode).toBe(422);
    expect(errorOf(refused)).toMatchObject({ code: 'new_password_invalid', field: reset.fields[0]!.id, retryable: false });
    expect(refused.body).not.toContain(value);
    expect(h.upstream.length).toBe(calls);
  });

  it('refuses bad contacts with 422 input_invalid at the contacts field, then the upstream judges the numbers', async () => {
    const { token, identity, user } = await openRecovery(CONTACTS_PHONE);
    const contacts = stepOf(await h.t.submit(token, identity.id, user.answer(identity)));
    expect(kinds(contacts)).toEqual(['contacts']);
    const id = contacts.fields[0]!.id;
    const calls = h.upstream.length;
    const bad: FieldValue[] = [
      [SANDBOX_CONTACTS[0]],
      [SANDBOX_CONTACTS[0], CONTACTS_PHONE],
      [SANDBOX_CONTACTS[0], SANDBOX_CONTACTS[0]],
      [SANDBOX_CONTACTS[0], '1234567'],
      SANDBOX_CONTACTS[0],
    ];
    for (const value of bad) {
      const refused = await h.t.submit(token, contacts.id, { [id]: value });
      expect(refused.statusCode, JSON.stringify(value)).toBe(422);
      expect(errorOf(refused)).toMatchObject({ code: 'input_invalid', field: id });
    }
    expect(h.upstream.length).toBe(calls);
    // Valid numbers that were not called lately: the carrier's refusal lands on the contacts field.
    const wrong = stepOf(await h.t.submit(token, contacts.id, { [id]: ['13700001111', '13700002222'] }));
    expect(wrong).toMatchObject({ id: contacts.id, purpose: 'recoverPassword' });
    expect(wrong.fields[0]?.error?.code).toBe('contacts_incorrect');
    const next = stepOf(await h.t.submit(token, wrong.id, user.answer(wrong)));
    expect(kinds(next)).toEqual(['newPassword']);
  });
});
