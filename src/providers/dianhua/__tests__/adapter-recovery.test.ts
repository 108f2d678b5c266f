import { afterEach, describe, expect, it } from 'vitest';
import { RECOVERED_NOTICE, TEXTED_NOTICE, afterRecovery } from '../recovery';
import {
  RECOVERY_SCENARIOS,
  SANDBOX_ID_CARD,
  SANDBOX_NAME,
  SANDBOX_NEW_PASSWORD,
  SANDBOX_NEW_PASSWORD_8,
  SANDBOX_PASSWORD,
} from '../sandbox';
import type { RecoveryScenario } from '../sandbox';
import { TEXTED_PASSWORD_CONTENT } from '../simulator-recovery';
import { USER_ID, simulated, stepOf, valuesFor, walk } from '../../../test-support/providers/dianhua/helpers';
import type { Adapter, Outcome } from '../../../test-support/providers/dianhua/helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup() {
  const log: string[] = [];
  const s = await simulated({}, { log: (line) => log.push(line) });
  cleanups.push(s.close);
  return { ...s, calls: (path: string) => log.filter((line) => line.startsWith(`${path} `)).length };
}

/** Opens the recovery from the login step and answers each recovery step until it is left. */
async function recover(adapter: Adapter, phone: string) {
  const start = await adapter.start({ phone, userId: USER_ID });
  const outcomes: Outcome[] = [await adapter.fieldAction(start.state, 'password', 'recover')];
  for (let i = 0; i < 10; i++) {
    const last = outcomes.at(-1)!;
    if (last.type === 'authorized' || last.type === 'failed' || stepOf(last).purpose !== 'recoverPassword') break;
    outcomes.push(await adapter.submit(last.state, valuesFor(stepOf(last), phone)));
  }
  return { start, outcomes };
}

const KIND_OF_STEP = { sms: 'smsCode', loginSms: 'smsCode', contacts: 'contacts', newPassword: 'newPassword', newPassword8: 'newPassword' };

function newPasswordOf(scenario: RecoveryScenario): string {
  if (scenario.steps.includes('newPassword8')) return SANDBOX_NEW_PASSWORD_8;
  if (scenario.plainPassword !== undefined) return scenario.plainPassword;
  return SANDBOX_NEW_PASSWORD; // typed by the user, or texted by the sandbox "carrier"
}

describe('Dianhua adapter: every recovery scenario', () => {
  it.each(RECOVERY_SCENARIOS.filter((s) => !s.failCode).map((s) => [s.phone, s.summary, s] as const))(
    '%s (%s) resets the password and returns to the login step',
    async (phone, _summary, scenario) => {
      const { adapter } = await setup();
      const { start, outcomes } = await recover(adapter, phone);
      const steps = outcomes.slice(0, -1).map(stepOf);
      for (const step of steps) expect(step).toMatchObject({ purpose: 'recoverPassword', cancellable: true, intent: 'continue' });
      expect(steps[0]?.fields.map((f) => f.kind)).toEqual(['name', 'idCard']);
      // The 8-digit scenario shows the new-password step twice: 30002 switches it to 8 digits.
      const shown = steps.slice(1).map((step) => step.fields[0]?.kind);
      const expected = scenario.steps.flatMap((s) => (s === 'newPassword8' ? ['newPassword', 'newPassword'] : [KIND_OF_STEP[s]]));
      expect(shown).toEqual(expected);
      const back = outcomes.at(-1)!;
      expect(back.type).toBe('step');
      const typed = scenario.steps.some((s) => s.startsWith('newPassword'));
      expect(stepOf(back)).toMatchObject({
        intent: 'login',
        notice: typed || scenario.plainPassword !== undefined ? RECOVERED_NOTICE : TEXTED_NOTICE,
      });
      // §9.4: 上海电信 answers the new password in plain text: the login step shows it to the applicant.
      expect(stepOf(back).recoveredPassword?.password).toBe(scenario.plainPassword);
      expect(stepOf(back).fields[0]).toMatchObject({ kind: 'servicePassword', recovery: 'inline' });
      expect(back.state.sid).not.toBe(start.state.sid);

      // The old password is refused now; the new one logs in.
      expect(await adapter.submit(back.state, { password: SANDBOX_PASSWORD })).toMatchObject({
        type: 'rejected',
        error: { code: 'password_incorrect' },
      });
      const again = await walk(adapter, phone, { password: newPasswordOf(scenario) });
      expect(again.at(-1)?.type).toBe('authorized');
    },
  );

  it('15200000006 cannot reset online (30001): back to the login step with the error, the flow goes on', async () => {
    const { adapter } = await setup();
    const { outcomes } = await recover(adapter, '15200000006');
    const back = outcomes.at(-1)!;
    expect(back).toMatchObject({ type: 'rejected', error: { code: 'recovery_unsupported', retry: 'step', upstreamCode: '30001' } });
    expect(stepOf(back).intent).toBe('login');
    expect(stepOf(back).purpose).toBeUndefined();
    expect((await walk(adapter, '15200000006', { from: back })).at(-1)?.type).toBe('authorized');
  });
});

describe('Dianhua adapter: recovery details', () => {
  it('leaves the recovery on cancel, back to the same login step without calling upstream', async () => {
    const { adapter, calls } = await setup();
    const start = await adapter.start({ phone: '15200000001', userId: USER_ID });
    const opened = await adapter.fieldAction(start.state, 'password', 'recover');
    const identity = await adapter.submit(opened.state, { name: SANDBOX_NAME, idCard: SANDBOX_ID_CARD });
    const left = await adapter.cancel(identity.state);
    expect(left.type).toBe('step');
    expect(stepOf(left)).toEqual(stepOf(start));
    expect(left.state.sid).toBe(start.state.sid);
    expect(calls('calls/flow')).toBe(1);
    expect((await walk(adapter, '15200000001', { from: left })).at(-1)?.type).toBe('authorized');
  });

  it('refuses a too simple new password before the upstream sees it', async () => {
    const { adapter, calls } = await setup();
    const start = await adapter.start({ phone: '15200000001', userId: USER_ID });
    const opened = await adapter.fieldAction(start.state, 'password', 'recover');
    const sms = await adapter.submit(opened.state, { name: SANDBOX_NAME, idCard: SANDBOX_ID_CARD });
    const newPassword = await adapter.submit(sms.state, { smsCode: '123456' });
    expect(stepOf(newPassword).fields[0]).toMatchObject({ kind: 'newPassword', length: 6 });
    const before = calls('forget/pwd');
    for (const simple of ['123456', '888888', '654321', '520000', '12345a']) {
      const refused = await adapter.submit(newPassword.state, { newPassword: simple });
      expect(refused).toMatchObject({ type: 'rejected', error: { code: 'new_password_invalid', target: 'newPassword' } });
    }
    expect(calls('forget/pwd')).toBe(before);
  });

  it('switches the new-password field to 8 digits on 30002', async () => {
    const { adapter } = await setup();
    const start = await adapter.start({ phone: '15300030002', userId: USER_ID });
    let outcome = await adapter.fieldAction(start.state, 'password', 'recover');
    outcome = await adapter.submit(outcome.state, valuesFor(stepOf(outcome), '15300030002'));
    outcome = await adapter.submit(outcome.state, valuesFor(stepOf(outcome), '15300030002'));
    const refused = await adapter.submit(outcome.state, { newPassword: SANDBOX_NEW_PASSWORD });
    expect(refused).toMatchObject({
      type: 'rejected',
      error: { code: 'new_password_invalid', target: 'newPassword', upstreamCode: '30002' },
    });
    expect(stepOf(refused).fields[0]).toMatchObject({ kind: 'newPassword', length: 8 });
    const done = await adapter.submit(refused.state, { newPassword: SANDBOX_NEW_PASSWORD_8 });
    expect(stepOf(done)).toMatchObject({ intent: 'login', notice: RECOVERED_NOTICE });
  });

  it('offers recovery only on the login step`s password field', async () => {
    const { adapter } = await setup();
    const [, verify] = await walk(adapter, '15100000001', { maxSteps: 1 });
    expect(await adapter.fieldAction(verify!.state, 'password', 'recover')).toMatchObject({
      type: 'rejected',
      error: { code: 'action_unavailable' },
    });
    expect(await adapter.cancel(verify!.state)).toMatchObject({ type: 'rejected', error: { code: 'action_unavailable' } });
  });

  it('§9.4: shows the new password a carrier answers in plain text (上海电信), and only the notice for one sent by SMS', () => {
    expect(afterRecovery(undefined)).toEqual({ notice: RECOVERED_NOTICE });
    expect(afterRecovery(TEXTED_PASSWORD_CONTENT)).toEqual({ notice: TEXTED_NOTICE });
    for (const [content, password] of [
      ['您的新服务密码为 820461，请妥善保管', '820461'],
      ['上海电信：新密码：“82046139”', '82046139'],
      ['新密码 Ab12cd', 'Ab12cd'],
    ] as const) {
      expect(afterRecovery(content)).toEqual({ notice: RECOVERED_NOTICE, recoveredPassword: { password, message: content } });
    }
  });
});
