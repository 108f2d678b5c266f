import type { Field, FieldOf } from '../../flow';
import type { ProviderFormStep } from '../types';
import { parseSmsInstruction } from '../shared/sms-instruction';
import type { DianhuaState, RecoveryState, ResendState, SmsAsk } from './state';

/** Field ids of every Dianhua step: neutral names, the vendor's stay in the adapter. */
export const FIELD = {
  password: 'password',
  name: 'name',
  idCard: 'idCard',
  captcha: 'captcha',
  smsCode: 'smsCode',
  loginCode: 'loginCode',
  contacts: 'contacts',
  newPassword: 'newPassword',
} as const;

/** How SMS resend works for this deployment. */
export interface ResendPolicy {
  /** `endpoint`: calls/verify/sms (deprecated upstream); `off`: a new code means starting again. */
  smsResend: 'off' | 'endpoint';
  maxSmsResends: number;
}

/** Contacts the recovery asks for (§11: numbers called 5-90 days ago). */
export const CONTACTS_MIN = 2;
export const CONTACTS_MAX = 5;

function smsField(id: string, label: string, sms: SmsAsk, resend: ResendState | undefined, policy: ResendPolicy): FieldOf<'smsCode'> {
  const field: FieldOf<'smsCode'> = { id, kind: 'smsCode', label, required: true };
  if (sms.notes !== undefined) {
    // Jilin Telecom: the user texts the carrier; nothing can be resent.
    const instruction = parseSmsInstruction(sms.notes);
    return instruction ? { ...field, instruction } : { ...field, detailHint: sms.notes };
  }
  if (!resend) return field;
  const viaAction = policy.smsResend === 'endpoint' && resend.count < policy.maxSmsResends;
  return { ...field, resend: { sent: true, allowedAt: resend.allowedAt, via: viaAction ? 'action' : 'restart' } };
}

function captchaField(image: string): Field {
  return { id: FIELD.captcha, kind: 'imageCaptcha', label: '图片验证码', required: true, image, refreshable: true };
}

/** The login step of a calls/flow answer; the password field offers the in-widget recovery. */
export function loginStep(state: DianhuaState, policy: ResendPolicy): ProviderFormStep {
  const { login } = state;
  const fields: Field[] = [];
  if (login.pin) fields.push({ id: FIELD.password, kind: 'servicePassword', label: '服务密码', required: true, recovery: 'inline' });
  if (login.name) fields.push({ id: FIELD.name, kind: 'name', label: '姓名', required: true });
  if (login.idCard) fields.push({ id: FIELD.idCard, kind: 'idCard', label: '身份证号', required: true });
  if (login.captcha) fields.push(captchaField(login.captcha));
  if (login.sms) fields.push(smsField(FIELD.smsCode, '短信验证码', login.sms, state.resend, policy));
  return {
    intent: 'login',
    fields,
    ...(state.notice !== undefined && { notice: state.notice }),
    ...(state.recoveredPassword !== undefined && { recoveredPassword: state.recoveredPassword }),
  };
}

/** A second-verification round (§7): the SMS code and/or the captcha the last answer asked for. */
export function verifyStep(state: DianhuaState, policy: ResendPolicy): ProviderFormStep {
  const fields: Field[] = [];
  if (state.verify?.sms) fields.push(smsField(FIELD.smsCode, '短信验证码', state.verify.sms, state.resend, policy));
  if (state.verify?.captcha) fields.push(captchaField(state.verify.captcha));
  return { intent: 'verify', fields };
}

function recoveryFields(recovery: RecoveryState): Field[] {
  switch (recovery.ask) {
    case 'identity':
      return [
        { id: FIELD.name, kind: 'name', label: '机主姓名', required: true },
        { id: FIELD.idCard, kind: 'idCard', label: '机主身份证号', required: true },
      ];
    case 'sms':
      return [{ id: FIELD.smsCode, kind: 'smsCode', label: '短信验证码', required: true }];
    case 'loginSms':
      return [{ id: FIELD.loginCode, kind: 'smsCode', label: '登录短信验证码', required: true }];
    case 'contacts':
      return [
        {
          id: FIELD.contacts,
          kind: 'contacts',
          label: '联系人手机号',
          detailHint: '请输入 5 天前至 90 天内与您通过电话的联系人手机号',
          required: true,
          min: CONTACTS_MIN,
          max: CONTACTS_MAX,
        },
      ];
    case 'newPassword':
      return [{ id: FIELD.newPassword, kind: 'newPassword', label: '新服务密码', required: true, length: recovery.length }];
  }
}

/** A step of the forgotten-password sub-flow: leaving it goes back to the login step. */
export function recoveryStep(recovery: RecoveryState, notice?: string): ProviderFormStep {
  return {
    purpose: 'recoverPassword',
    cancellable: true,
    intent: 'continue',
    fields: recoveryFields(recovery),
    ...(notice !== undefined && { notice }),
  };
}

/** The step the state is on. */
export function currentStep(state: DianhuaState, policy: ResendPolicy): ProviderFormStep {
  if (state.stage === 'verify') return verifyStep(state, policy);
  if (state.stage === 'recover' && state.recovery) return recoveryStep(state.recovery);
  return loginStep(state, policy);
}
