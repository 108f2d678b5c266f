import * as z from 'zod';
import type { AdapterOutcome, ProviderAdapter, ProviderFormStep } from '../../providers/types';

export const ECHO_PASSWORD = '246135';
export const ECHO_SMS = '975310';
/** Submitting this password fails the whole login (a `failed` outcome naming the number). */
export const ECHO_FATAL_PASSWORD = '999999';

const StateSchema = z.object({ at: z.enum(['login', 'sms']), phone: z.string() });
type EchoState = z.infer<typeof StateSchema>;

/** "138 0013 8000": how some carrier pages group a number. */
const grouped = (phone: string) => `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;

export interface EchoAdapter extends ProviderAdapter<EchoState> {
  /** The phone values the adapter was sent, in order (the server must send the full number). */
  phonesReceived: string[];
}

/**
 * An upstream that names the applicant's number wherever a vendor step can: a pre-filled phone
 * field, a label, a hint, the step notice, an SMS hint, an error message and its instruction, a
 * failure. Password -> SMS code (resendable) -> authorized.
 */
export function createEchoAdapter(now: () => number = Date.now): EchoAdapter {
  const phonesReceived: string[] = [];
  const loginStep = (phone: string): ProviderFormStep => ({
    intent: 'login',
    notice: `请为 +86 ${grouped(phone)} 输入服务密码`,
    fields: [
      { id: 'mobile', kind: 'phone', required: true, value: phone, label: '手机号码', hint: phone },
      { id: 'pwd', kind: 'servicePassword', required: true, label: `${phone}的服务密码`, detailHint: `忘记${phone}的密码请拨打10086` },
    ],
  });
  const smsStep = (phone: string, notice?: string): ProviderFormStep => ({
    intent: 'verify',
    ...(notice !== undefined && { notice }),
    fields: [
      {
        id: 'code',
        kind: 'smsCode',
        required: true,
        detailHint: `验证码已发送至${phone}`,
        resend: { sent: true, allowedAt: new Date(now() - 1000).toISOString() },
      },
    ],
  });

  return {
    provider: 'rong360',
    stateSchema: StateSchema,
    phonesReceived,
    async start(input): Promise<AdapterOutcome<EchoState>> {
      return { type: 'step', state: { at: 'login', phone: input.phone }, step: loginStep(input.phone) };
    },
    async submit(state, values): Promise<AdapterOutcome<EchoState>> {
      const { phone } = state;
      if (state.at === 'login') {
        phonesReceived.push(String(values['mobile']));
        if (values['mobile'] !== phone) {
          return { type: 'failed', state, error: { code: 'upstream_error', target: 'none', retry: 'restart', message: '号码不符' } };
        }
        if (values['pwd'] === ECHO_FATAL_PASSWORD) {
          const message = `号码${phone}已停机，无法登录`;
          return { type: 'failed', state, error: { code: 'upstream_error', target: 'none', retry: 'restart', message } };
        }
        if (values['pwd'] !== ECHO_PASSWORD) {
          return {
            type: 'rejected',
            state,
            error: {
              code: 'password_incorrect',
              target: 'password',
              retry: 'field',
              message: `${phone}的服务密码错误`,
              instruction: `请用${phone}拨打10086重置服务密码`,
            },
          };
        }
        return { type: 'step', state: { ...state, at: 'sms' }, step: smsStep(phone) };
      }
      if (values['code'] !== ECHO_SMS) {
        return {
          type: 'rejected',
          state,
          error: { code: 'sms_code_incorrect', target: 'smsCode', retry: 'field', message: `发送至${grouped(phone)}的验证码不正确` },
        };
      }
      return { type: 'authorized', state, taskId: 'task-echo-0001' };
    },
    async fieldAction(state): Promise<AdapterOutcome<EchoState>> {
      return { type: 'step', state, step: smsStep(state.phone, `已重新发送至+86${state.phone}`) };
    },
    async cancel(state): Promise<AdapterOutcome<EchoState>> {
      return { type: 'step', state: { ...state, at: 'login' }, step: loginStep(state.phone) };
    },
  };
}
