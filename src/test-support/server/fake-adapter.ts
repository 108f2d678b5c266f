import * as z from 'zod';
import type { AdapterOutcome, ProviderAdapter, ProviderFormStep } from '../../providers/types';

export const FAKE_PASSWORD = 'pw-SECRET-9137';
export const FAKE_SMS = '246810';
export const FAKE_HIDDEN = 'hidden-SECRET-5521';
export const FAKE_TASK = 'task-SECRET-7788';

const StateSchema = z.object({ at: z.enum(['password', 'sms', 'identity']), hidden: z.string(), phone: z.string() });
type FakeState = z.infer<typeof StateSchema>;

export interface FakeAdapter extends ProviderAdapter<FakeState> {
  /** Upstream calls made so far. */
  calls: string[];
  /** Makes the next calls wait until `release()`. */
  hold(): void;
  release(): void;
  /** Makes the next call throw. */
  failNext(): void;
}

/** A tiny upstream: password -> SMS code (+ refreshable captcha) -> authorized; an identity detour for 13900000001. */
export function createFakeAdapter(now: () => number = Date.now): FakeAdapter {
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let throwNext = false;
  let captcha = 0;
  const calls: string[] = [];

  const passwordStep = (phone: string): ProviderFormStep => ({
    intent: 'login',
    fields: [
      { id: 'phone', kind: 'phone', required: true, value: phone, locked: true },
      { id: 'pwd', kind: 'servicePassword', required: true },
    ],
  });
  const smsStep = (): ProviderFormStep => ({
    intent: 'verify',
    notice: '验证码已发送',
    fields: [
      { id: 'code', kind: 'smsCode', required: true, resend: { sent: true, allowedAt: new Date(now() + 60_000).toISOString() } },
      { id: 'pic', kind: 'imageCaptcha', required: false, refreshable: true, image: `data:image/png;base64,AAA${captcha}` },
    ],
  });
  const identityStep = (): ProviderFormStep => ({
    intent: 'continue',
    fields: [
      { id: 'who', kind: 'name', required: true },
      { id: 'idno', kind: 'idCard', required: true },
      {
        id: 'plan',
        kind: 'select',
        required: true,
        options: [
          { label: 'A', value: 'a' },
          { label: 'B', value: 'b' },
        ],
      },
    ],
  });

  async function step<T>(name: string, work: () => T): Promise<T> {
    calls.push(name);
    if (gate) await gate;
    if (throwNext) {
      throwNext = false;
      throw new Error(`boom ${FAKE_HIDDEN}`);
    }
    return work();
  }

  return {
    provider: 'rong360',
    stateSchema: StateSchema,
    calls,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open?.();
      gate = undefined;
    },
    failNext() {
      throwNext = true;
    },
    start: (input) =>
      step('start', (): AdapterOutcome<FakeState> => ({
        type: 'step',
        state: { at: 'password', hidden: FAKE_HIDDEN, phone: input.phone },
        step: passwordStep(input.phone),
      })),
    submit: (state, values) =>
      step('submit', (): AdapterOutcome<FakeState> => {
        if (state.at === 'password') {
          if (values.pwd !== FAKE_PASSWORD) {
            return {
              type: 'rejected',
              state,
              error: { code: 'password_incorrect', target: 'password', retry: 'field', message: '服务密码错误' },
            };
          }
          if (state.phone === '13900000001') return { type: 'step', state: { ...state, at: 'identity' }, step: identityStep() };
          return { type: 'step', state: { ...state, at: 'sms' }, step: smsStep() };
        }
        if (state.at === 'identity') return { type: 'step', state: { ...state, at: 'sms' }, step: smsStep() };
        if (values.code === FAKE_SMS) return { type: 'authorized', state, taskId: FAKE_TASK };
        if (values.code === '000000') {
          return {
            type: 'failed',
            state,
            error: { code: 'too_many_attempts', target: 'smsCode', retry: 'none', message: '已锁定', upstreamCode: '506026' },
          };
        }
        return {
          type: 'rejected',
          state,
          error: { code: 'sms_code_incorrect', target: 'smsCode', retry: 'field', message: '短信验证码错误' },
        };
      }),
    fieldAction: (state, _fieldId, action) =>
      step(action, (): AdapterOutcome<FakeState> => {
        captcha += 1;
        return { type: 'step', state, step: smsStep() };
      }),
    // No step of this fake is cancellable, so the service never gets this far.
    cancel: (state) => step('cancel', (): AdapterOutcome<FakeState> => ({ type: 'step', state, step: passwordStep(state.phone) })),
  };
}
