import { newPasswordProblem } from '../../flow';
import type { FieldValue, FlowError } from '../../flow';
import type { AdapterOutcome } from '../types';
import type { DianhuaClient, DianhuaForm } from './client';
import { guarded, listOf, stringOf } from './adapter-support';
import { mapDianhuaError } from './errors';
import type { DianhuaState, RecoveryAsk, RecoveryState } from './state';

/** What the login step shows after a recovery or a reset. */
export type Shown = Pick<DianhuaState, 'notice' | 'recoveredPassword'>;
import { FIELD, loginStep, recoveryStep } from './steps';
import type { ResendPolicy } from './steps';
import { DIANHUA_OK, ForgetDataSchema, parseData } from './wire';
import type { DianhuaForgetData } from './wire';

type Outcome = AdapterOutcome<DianhuaState>;

interface RecoveryDeps {
  client: DianhuaClient;
  policy: ResendPolicy;
  /** Re-runs calls/flow: the login step again, with a notice (and a recovered password to show). */
  startFlow(base: Pick<DianhuaState, 'phone' | 'userId' | 'applicant' | 'identity'>, shown?: Shown): Promise<Outcome>;
  now?: () => number;
}

export const RECOVERED_NOTICE = '服务密码已重置，请使用新密码登录';
export const TEXTED_NOTICE = '服务密码已重置，请查收运营商短信中的新密码后登录';
const RESET_NOTICE = '请重新验证机主身份';
const NO_TID: FlowError = { code: 'upstream_invalid_response', target: 'none', retry: 'step', message: '运营商返回异常，请稍后重试' };
const NEW_PASSWORD_SIMPLE: FlowError = {
  code: 'new_password_invalid',
  target: 'newPassword',
  retry: 'field',
  message: '新服务密码须为数字，且不能过于简单',
};

/** The next thing an answer asks for, in the order the document lists the calls (§9-§12). */
function nextAsk(data: DianhuaForgetData): Exclude<RecoveryAsk, 'identity'> | undefined {
  if (data.sms_duration) return 'sms';
  if (data.login_sms_duration) return 'loginSms';
  if (data.need_contacts) return 'contacts';
  if (data.need_new_pwd) return 'newPassword';
  return undefined;
}

/** §9.4's `content` is at most a sentence; anything longer is not shown as it is. */
const CONTENT_MAX = 200;
/** "新服务密码为：826413", "您的新密码是 82641357": the password in a carrier's plain-text answer. */
const PASSWORD_IN = /密码\s*(?:为|是)?\s*[:：]?\s*[“"「'(（]?\s*([0-9A-Za-z]{6,8})(?![0-9A-Za-z])/;

/**
 * What a finished recovery shows on the login step. §9.4: `content` announces a random new password
 * sent by SMS, or (上海电信) holds the new password in plain text. A password found in it is shown
 * to the applicant as such (recoveredPassword); otherwise the password came by SMS.
 */
export function afterRecovery(content: string | undefined): Pick<DianhuaState, 'notice' | 'recoveredPassword'> {
  const text = content?.trim();
  if (!text) return { notice: RECOVERED_NOTICE };
  const password = PASSWORD_IN.exec(text)?.[1];
  if (password) return { notice: RECOVERED_NOTICE, recoveredPassword: { password, message: text.slice(0, CONTENT_MAX) } };
  return { notice: TEXTED_NOTICE };
}

/** The forgotten-password sub-flow (forget/pwd): it never ends the authorization. */
export function createRecovery({ client, policy, startFlow, now = Date.now }: RecoveryDeps) {
  const at = (state: DianhuaState, recovery: RecoveryState, notice?: string): Outcome => {
    const next: DianhuaState = { ...state, stage: 'recover', recovery };
    return { type: 'step', state: next, step: recoveryStep(recovery, notice) };
  };

  function backToLogin(state: DianhuaState, error?: FlowError): Outcome {
    const login: DianhuaState = { ...state, stage: 'login', recovery: undefined };
    const step = loginStep(login, policy);
    if (!error) return { type: 'step', state: login, step };
    // The recovery failed for good (30001, 30007, 30009...): the user can still log in or retry.
    return { type: 'rejected', state: login, error: { ...error, retry: 'step' }, step };
  }

  function formFor(
    state: DianhuaState,
    recovery: RecoveryState,
    values: Readonly<Record<string, FieldValue>>,
  ): { form: DianhuaForm } | { refused: FlowError } {
    const tid = recovery.tid ?? '';
    switch (recovery.ask) {
      case 'identity':
        return {
          form: {
            tel: state.phone,
            user_name: stringOf(values[FIELD.name]).trim(),
            // `user_id` is the ID-card number (vendor-notes), not our user id.
            user_id: stringOf(values[FIELD.idCard]).trim().toUpperCase(),
          },
        };
      case 'sms':
        return { form: { tid, sms_code: stringOf(values[FIELD.smsCode]).trim() } };
      case 'loginSms':
        return { form: { tid, login_code: stringOf(values[FIELD.loginCode]).trim() } };
      case 'contacts':
        return { form: { tid, 'tel_list[]': listOf(values[FIELD.contacts]) } };
      case 'newPassword': {
        const password = stringOf(values[FIELD.newPassword]).trim();
        const context = { length: recovery.length, phone: state.phone, ...(state.identity.idCard && { idCard: state.identity.idCard }) };
        // Checked before the upstream sees it (the server checks too): carriers lock after failures.
        return newPasswordProblem(password, context) ? { refused: NEW_PASSWORD_SIMPLE } : { form: { tid, new_pwd: password } };
      }
    }
  }

  async function submit(state: DianhuaState, values: Readonly<Record<string, FieldValue>>): Promise<Outcome> {
    const recovery = state.recovery ?? { ask: 'identity', length: 6 };
    const built = formFor(state, recovery, values);
    if ('refused' in built) return { type: 'rejected', state, error: built.refused, step: recoveryStep(recovery) };
    const { form } = built;
    let working = state;
    if (recovery.ask === 'identity') {
      working = { ...state, identity: { name: String(form['user_name']), idCard: String(form['user_id']) } };
    }
    const result = await guarded(async () => {
      const answer = await client.postForm('forget/pwd', form);
      return answer.status === DIANHUA_OK ? { answer, data: parseData(ForgetDataSchema, answer.data) } : { answer };
    });
    if (!result.ok) return { type: 'rejected', state: working, error: result.error, step: recoveryStep(recovery) };
    const { answer, data } = result.value;
    if (!data) return onError(working, recovery, mapDianhuaError(answer.status, answer.msg, { captchaShown: false, now: now() }));
    if (answer.action === 'reset') return at(working, { ask: 'identity', length: recovery.length }, answer.msg?.trim() || RESET_NOTICE);
    const ask = answer.action === 'done' ? undefined : nextAsk(data);
    if (!ask) {
      // Done: the same sid may still be valid, but a fresh calls/flow is the safe way back.
      const { phone, userId, applicant, identity } = working;
      const shown = afterRecovery(data.content);
      const fresh = await startFlow({ phone, userId, ...(applicant && { applicant }), identity }, shown);
      // The password is reset either way: without a fresh flow, the old login step still serves.
      if (fresh.type !== 'failed') return fresh;
      const old: DianhuaState = { ...working, ...shown };
      return backToLogin(old, fresh.error);
    }
    const tid = data.tid ?? recovery.tid;
    if (!tid) return { type: 'rejected', state: working, error: NO_TID, step: recoveryStep(recovery) };
    return at(working, { tid, ask, length: recovery.length });
  }

  function onError(state: DianhuaState, recovery: RecoveryState, error: FlowError): Outcome {
    if (error.retry === 'restart' || error.retry === 'none') return backToLogin(state, error);
    // 30002 / 30003: the carrier says how many digits it wants.
    const length = error.upstreamCode === '30002' ? 8 : error.upstreamCode === '30003' ? 6 : recovery.length;
    const next: RecoveryState = { ...recovery, length };
    return { type: 'rejected', state: { ...state, recovery: next }, error, step: recoveryStep(next) };
  }

  return {
    /** The `recover` action of the password field: the name + ID-card step. */
    open(state: DianhuaState): Outcome {
      return at(state, { ask: 'identity', length: 6 });
    },
    submit,
    /** `cancel`: back to the login step; its sid is still valid. */
    leave: (state: DianhuaState) => backToLogin(state),
  };
}
