import * as z from 'zod';
import type { FlowError } from '../../flow';
import type { AdapterOutcome, ProviderAdapter, ProviderFormStep, StartInput } from '../../providers/types';

export const RECOVERY_PASSWORD = 'pw-SECRET-4242';
export const RECOVERY_SMS = '975310';
/** Contacts the fake accepts; any other pair is `contacts_incorrect`. */
export const RECOVERY_CONTACTS = ['13912345678', '18611112222'];
/** A new password the fake refuses as the old one (`new_password_same`). */
export const SAME_PASSWORD = '135792';
export const SID = 'sid-SECRET-0031';

const StateSchema = z.object({
  at: z.enum(['login', 'identity', 'reset', 'sms']),
  phone: z.string(),
  sid: z.string(),
  /** The lender supplied name and ID card, so recovery skips asking for them. */
  knowsIdentity: z.boolean(),
});
type State = z.infer<typeof StateSchema>;

export interface FakeRecoveryAdapter extends ProviderAdapter<State> {
  /** Adapter calls so far, by method. */
  calls: string[];
  /** The input of every start (first and restarts). */
  starts: StartInput[];
  /** Values each submit received. */
  submitted: Array<Readonly<Record<string, unknown>>>;
}

/**
 * A Dianhua-shaped fake: login (password with inline recovery) -> SMS code obtained by restarting
 * -> authorized; recovery: name + ID card -> contacts + new password -> back to login.
 */
export function createFakeRecoveryAdapter(now: () => number = Date.now): FakeRecoveryAdapter {
  const calls: string[] = [];
  const starts: StartInput[] = [];
  const submitted: Array<Readonly<Record<string, unknown>>> = [];

  const login = (phone: string, notice?: string): ProviderFormStep => ({
    intent: 'login',
    ...(notice ? { notice } : {}),
    fields: [
      { id: 'tel', kind: 'phone', required: true, value: phone, locked: true },
      { id: 'pin', kind: 'servicePassword', required: true, recovery: 'inline' },
    ],
  });
  const identity: ProviderFormStep = {
    intent: 'continue',
    purpose: 'recoverPassword',
    cancellable: true,
    fields: [
      { id: 'user_name', kind: 'name', required: true },
      { id: 'user_id', kind: 'idCard', required: true },
    ],
  };
  const reset: ProviderFormStep = {
    intent: 'continue',
    purpose: 'recoverPassword',
    cancellable: true,
    fields: [
      { id: 'tel_list', kind: 'contacts', required: true, min: 2, max: 3 },
      { id: 'new_pwd', kind: 'newPassword', required: true, length: 6 },
    ],
  };
  const sms = (): ProviderFormStep => ({
    intent: 'verify',
    fields: [
      {
        id: 'code',
        kind: 'smsCode',
        required: true,
        resend: { sent: true, allowedAt: new Date(now() + 120_000).toISOString(), via: 'restart' },
      },
    ],
  });
  const reject = (state: State, error: Omit<FlowError, 'retry'>): AdapterOutcome<State> => ({
    type: 'rejected',
    state,
    error: { ...error, retry: 'field' },
  });

  const record = (name: string) => void calls.push(name);
  return {
    provider: 'dianhua',
    stateSchema: StateSchema,
    calls,
    starts,
    submitted,
    async start(input) {
      record('start');
      starts.push(input);
      const knowsIdentity = Boolean(input.applicant?.name && input.applicant.idCard);
      return { type: 'step', state: { at: 'login', phone: input.phone, sid: SID, knowsIdentity }, step: login(input.phone) };
    },
    async submit(state, values) {
      record('submit');
      submitted.push(values);
      switch (state.at) {
        case 'login':
          if (values.pin !== RECOVERY_PASSWORD)
            return reject(state, { code: 'password_incorrect', target: 'password', message: '服务密码错误' });
          return { type: 'step', state: { ...state, at: 'sms' }, step: sms() };
        case 'identity':
          return { type: 'step', state: { ...state, at: 'reset' }, step: reset };
        case 'reset': {
          const contacts = values.tel_list;
          if (!Array.isArray(contacts) || contacts.join() !== RECOVERY_CONTACTS.join()) {
            return reject(state, { code: 'contacts_incorrect', target: 'contacts', message: '联系人号码不正确' });
          }
          if (values.new_pwd === SAME_PASSWORD)
            return reject(state, { code: 'new_password_same', target: 'newPassword', message: '新密码不能与原密码相同' });
          return { type: 'step', state: { ...state, at: 'login' }, step: login(state.phone, '服务密码已重置，请用新密码登录') };
        }
        case 'sms':
          return values.code === RECOVERY_SMS
            ? { type: 'authorized', state, taskId: state.sid }
            : reject(state, { code: 'sms_code_incorrect', target: 'smsCode', message: '短信验证码错误' });
      }
    },
    async fieldAction(state, _fieldId, action) {
      record(action);
      if (state.knowsIdentity) return { type: 'step', state: { ...state, at: 'reset' }, step: reset };
      return { type: 'step', state: { ...state, at: 'identity' }, step: identity };
    },
    async cancel(state) {
      record('cancel');
      return { type: 'step', state: { ...state, at: 'login' }, step: login(state.phone) };
    },
  };
}
