import { describe, expect, it } from 'vitest';
import type { Field, FlowError, FormStep } from '../../../flow';
import { attachError, stepFromOutcome } from '../step-mapper';

const image = 'data:image/png;base64,AA';
const step = (fields: Field[]): FormStep => ({ type: 'form', id: 'st_a', revision: 2, intent: 'verify', fields });
const err = (target: FlowError['target'], code: FlowError['code'] = 'input_invalid'): FlowError => ({
  code,
  target,
  retry: 'field',
  message: 'm',
});

describe('attachError', () => {
  const all = step([
    { id: 'p', kind: 'servicePassword', required: true, error: { code: 'old', message: 'stale' } },
    { id: 'c', kind: 'imageCaptcha', required: true, image, refreshable: true },
    { id: 's', kind: 'smsCode', required: true },
    { id: 'n', kind: 'name', required: true },
    { id: 'i', kind: 'idCard', required: true },
    { id: 'k', kind: 'contacts', required: true, min: 2, max: 3 },
    { id: 'w', kind: 'newPassword', required: true, length: 6 },
  ]);
  const errorsOf = (s: FormStep) => Object.fromEntries(s.fields.map((f) => [f.id, f.error?.code]));

  it.each([
    ['password', 'p'],
    ['smsCode', 's'],
    ['captcha', 'c'],
    ['identity', 'i'],
    ['contacts', 'k'],
    ['newPassword', 'w'],
  ] as const)('puts a %s error on field %s and clears every other field error', (target, id) => {
    const out = attachError(all, err(target));
    expect(Object.entries(errorsOf(out)).filter(([, code]) => code)).toEqual([[id, 'input_invalid']]);
    expect(out.error).toBeUndefined();
  });

  it('falls back to the name field for identity errors and to the step when no field matches', () => {
    const nameOnly = step([{ id: 'n', kind: 'name', required: true }]);
    expect(attachError(nameOnly, err('identity')).fields[0]?.error?.code).toBe('input_invalid');
    const out = attachError(nameOnly, err('password'));
    expect(out.fields[0]?.error).toBeUndefined();
    expect(out.error).toEqual({ code: 'input_invalid', message: 'm' });
    expect(attachError(all, err('none')).error?.code).toBe('input_invalid');
  });
});

describe('stepFromOutcome', () => {
  const current = step([{ id: 's', kind: 'smsCode', required: true }]);

  it('drops keys an adapter left on a field that the flow schema does not know', () => {
    const leaky = { id: 'x', kind: 'text', required: true, hidden: 'SECRET', upstreamTaskId: 'T1' } as Field;
    const out = stepFromOutcome({ type: 'step', state: 0, step: { intent: 'continue', fields: [leaky] } }, current, 'advance');
    expect(JSON.stringify(out)).not.toMatch(/SECRET|T1/);
  });

  it('keeps purpose and cancellable on a new step and on a rejected one', () => {
    const recovery = {
      intent: 'continue',
      purpose: 'recoverPassword',
      cancellable: true,
      fields: [{ id: 'w', kind: 'newPassword', required: true, length: 8 }],
    } as const;
    const shown = stepFromOutcome({ type: 'step', state: 0, step: { ...recovery, fields: [...recovery.fields] } }, current, 'advance');
    expect(shown).toMatchObject({ purpose: 'recoverPassword', cancellable: true });
    if (shown.type !== 'form') throw new Error('expected a form');
    const rejected = stepFromOutcome({ type: 'rejected', state: 0, error: err('newPassword', 'new_password_same') }, shown, 'advance');
    expect(rejected).toMatchObject({ id: shown.id, revision: 1, purpose: 'recoverPassword', cancellable: true });
    expect(rejected.type === 'form' && rejected.fields[0]?.error?.code).toBe('new_password_same');
  });

  it('gives a rejection that leaves the recovery for the login step a new id', () => {
    const recovery: FormStep = {
      ...step([{ id: 'w', kind: 'newPassword', required: true, length: 6 }]),
      purpose: 'recoverPassword',
      cancellable: true,
    };
    const login = { intent: 'login', fields: [{ id: 'p', kind: 'servicePassword', required: true, recovery: 'inline' }] } as const;
    const out = stepFromOutcome(
      {
        type: 'rejected',
        state: 0,
        error: { ...err('none', 'recovery_unsupported'), retry: 'step' },
        step: { ...login, fields: [...login.fields] },
      },
      recovery,
      'advance',
    );
    expect(out).toMatchObject({ type: 'form', revision: 0, intent: 'login', error: { code: 'recovery_unsupported' } });
    expect(out.id).not.toBe(recovery.id);
    expect(out.type === 'form' && out.purpose).toBeUndefined();
  });

  it('gives a rejection that swaps in different fields a new id, and keeps the id for the same fields', () => {
    const sms = step([{ id: 's', kind: 'smsCode', required: true }]);
    const login = { intent: 'login' as const, fields: [{ id: 'p', kind: 'servicePassword' as const, required: true }] };
    const back = stepFromOutcome({ type: 'rejected', state: 0, error: err('password', 'password_incorrect'), step: login }, sms, 'advance');
    expect(back).toMatchObject({ type: 'form', revision: 0, intent: 'login' });
    expect(back.id).not.toBe(sms.id);
    const again = stepFromOutcome({ type: 'rejected', state: 0, error: err('smsCode', 'sms_code_incorrect') }, sms, 'advance');
    expect(again).toMatchObject({ id: sms.id, revision: sms.revision + 1 });
  });

  it('gives a new step a new id, keeps the id for a field action, and maps final failures', () => {
    const next = { intent: 'verify', fields: current.fields } as const;
    const advanced = stepFromOutcome({ type: 'step', state: 0, step: { ...next, fields: [...next.fields] } }, current, 'advance');
    expect(advanced).toMatchObject({ type: 'form', revision: 0 });
    expect(advanced.id).not.toBe('st_a');
    const same = stepFromOutcome({ type: 'step', state: 0, step: { ...next, fields: [...next.fields] } }, current, 'same');
    expect(same).toMatchObject({ id: 'st_a', revision: 3 });
    for (const [retry, canRestart] of [
      ['restart', true],
      ['step', true],
      ['none', false],
    ] as const) {
      const failed = stepFromOutcome(
        { type: 'failed', state: 0, error: { ...err('none', 'account_locked'), retry, upstreamCode: '506012' } },
        current,
        'advance',
      );
      expect(failed).toMatchObject({
        type: 'failed',
        canRestart,
        error: { code: 'account_locked', retryable: false, upstreamCode: '506012' },
      });
    }
    const authorized = stepFromOutcome({ type: 'authorized', state: 0, taskId: 'TASK-1' }, current, 'advance');
    expect(authorized.type).toBe('authorized');
    expect(JSON.stringify(authorized)).not.toContain('TASK-1');
  });
});

describe('vendor guidance on errors', () => {
  const NOW = Date.parse('2024-05-01T12:30:00Z');
  const locked: FlowError = {
    code: 'too_many_attempts',
    target: 'smsCode',
    retry: 'field',
    message: '随机码验证已被锁定，请20分钟之后重新验证',
    waitSeconds: 1200,
    instruction: '如忘记密码，可拨打10086重置密码',
  };

  it('turns the wait into retryAt on the server clock and keeps the instruction, at the field', () => {
    const out = stepFromOutcome(
      { type: 'rejected', state: null, error: locked },
      step([{ id: 's', kind: 'smsCode', required: true }]),
      'same',
      NOW,
    );
    expect(out.type === 'form' && out.fields[0]?.error).toEqual({
      code: 'too_many_attempts',
      message: locked.message,
      retryAt: '2024-05-01T12:50:00.000Z',
      instruction: '如忘记密码，可拨打10086重置密码',
    });
  });

  it('carries both on a failed step, and nothing when the vendor named neither', () => {
    const failed = stepFromOutcome({ type: 'failed', state: null, error: { ...locked, retry: 'none' } }, undefined, 'advance', NOW);
    expect(failed.type === 'failed' && failed.error).toMatchObject({
      retryAt: '2024-05-01T12:50:00.000Z',
      instruction: locked.instruction,
    });
    const plain = stepFromOutcome({ type: 'failed', state: null, error: err('none') }, undefined, 'advance', NOW);
    expect(plain.type === 'failed' && Object.keys(plain.error)).toEqual(['code', 'message', 'retryable']);
  });
});
