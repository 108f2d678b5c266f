import type { FieldAction, FieldValue, FlowError } from '../../flow';
import type { HttpClient } from '../http';
import type { AdapterOutcome, ProviderAdapter, StartInput } from '../types';
import { captchaDataUri } from '../shared/captcha-image';
import { createDianhuaClient } from './client';
import type { DianhuaAnswer, DianhuaClient } from './client';
import type { DianhuaTokenCache } from './token-cache';
import { mapDianhuaError } from './errors';
import { flowRequest, guarded, stringOf } from './adapter-support';
import type { Result } from './adapter-support';
import { createRecovery } from './recovery';
import type { Shown } from './recovery';
import { DianhuaStateSchema } from './state';
import type { DianhuaState, SmsAsk } from './state';
import { FIELD, currentStep, loginStep } from './steps';
import type { ResendPolicy } from './steps';
import {
  CaptchaDataSchema,
  DIANHUA_ALREADY_AUTHORIZED,
  DIANHUA_OK,
  FlowDataSchema,
  SmsDataSchema,
  VerifyDataSchema,
  parseData,
} from './wire';

export { DianhuaStateSchema } from './state';
export type { DianhuaState } from './state';

export interface DianhuaConfig extends ResendPolicy {
  /** e.g. https://crs-api.dianhua.cn */
  baseUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
}

export interface DianhuaAdapterDeps {
  now?: () => number;
  /** A ready client (tests); by default one is built from the config. */
  client?: DianhuaClient;
  /** The HTTP client under the built client (demo mode wraps one to add latency and faults). */
  http?: HttpClient;
  /** The app id's token cache, shared with the data source (and other instances); one of its own otherwise. */
  tokens?: DianhuaTokenCache;
}

type Outcome = AdapterOutcome<DianhuaState>;

const UNAVAILABLE: FlowError = { code: 'action_unavailable', target: 'none', retry: 'step', message: '该操作当前不可用' };
const RESEND_BY_RESTART: FlowError = { ...UNAVAILABLE, message: '如未收到验证码，请重新开始授权以获取新的验证码' };
const RESENDS_EXHAUSTED: FlowError = { ...UNAVAILABLE, message: '验证码重发次数已达上限，请重新开始授权' };
const TOO_EARLY: FlowError = { code: 'action_too_early', target: 'smsCode', retry: 'field', message: '请稍后再重新获取验证码' };
const CAPTCHA_EMPTY: FlowError = { code: 'captcha_load_failed', target: 'captcha', retry: 'field', message: '获取图片验证码失败，请重试' };
const RESET_NOTICE = '运营商要求重新登录，请重新输入';
// A flow that asks nothing logs in by itself; an upstream answering `reset` to that every time must
// not make us call it forever.
const MAX_AUTOMATIC_RESETS = 2;
const RESET_LOOP: FlowError = {
  code: 'upstream_invalid_response',
  target: 'none',
  retry: 'restart',
  message: '运营商返回异常，请稍后重试',
};

export function createDianhuaAdapter(
  config: DianhuaConfig,
  deps: DianhuaAdapterDeps = {},
): ProviderAdapter<DianhuaState> & { close(): Promise<void> } {
  const now = deps.now ?? Date.now;
  const client =
    deps.client ??
    createDianhuaClient(
      { baseUrl: config.baseUrl, appId: config.appId, appSecret: config.appSecret, timeoutMs: config.timeoutMs },
      { now, ...(deps.http && { http: deps.http }), ...(deps.tokens && { tokens: deps.tokens }) },
    );
  const policy: ResendPolicy = { smsResend: config.smsResend, maxSmsResends: config.maxSmsResends };
  const step = (state: DianhuaState) => currentStep(state, policy);
  const resendFor = (sms: SmsAsk | undefined) =>
    sms && sms.notes === undefined ? { allowedAt: new Date(now() + sms.seconds * 1000).toISOString(), count: 0 } : undefined;

  /** calls/flow, then the login step (or, for a flow asking nothing, straight on to calls/login). */
  async function startFlow(
    base: Pick<DianhuaState, 'phone' | 'userId' | 'applicant' | 'identity'>,
    shown: Shown = {},
    resets = 0,
  ): Promise<Outcome> {
    const placeholder: DianhuaState = { ...base, stage: 'login', sid: '', login: { pin: false, name: false, idCard: false } };
    const result = await guarded(async () => {
      const request = flowRequest(base.phone, base.userId, base.applicant);
      const answer = await (request.json ? client.postJson('calls/flow', request.json) : client.postForm('calls/flow', request.form));
      return answer.status === DIANHUA_OK ? { answer, data: parseData(FlowDataSchema, answer.data) } : { answer };
    });
    // Nothing to stay on yet: whatever the error, the way on is to start again.
    const fail = (error: FlowError): Outcome => ({ type: 'failed', state: placeholder, error: { ...error, retry: retryOnStart(error) } });
    if (!result.ok) return fail(result.error);
    const { answer, data } = result.value;
    if (!data) return fail(mapDianhuaError(answer.status, answer.msg, { captchaShown: true, now: now() }));
    const sms: SmsAsk | undefined = data.sms_duration
      ? { seconds: data.sms_duration, ...(data.verify_notes && { notes: data.verify_notes }) }
      : undefined;
    const login = {
      pin: data.need_pin_pwd,
      name: data.need_full_name,
      idCard: data.need_id_card,
      ...(data.captcha_image && { captcha: captchaDataUri(data.captcha_image) }),
      ...(sms && { sms }),
    };
    const state: DianhuaState = { ...placeholder, sid: data.sid, login, resend: resendFor(sms), ...shown };
    // Some carriers need nothing typed: log in at once rather than show an empty form.
    if (loginStep(state, policy).fields.length === 0) {
      return afterAnswer(state, await guarded(() => client.postForm('calls/login', { sid: state.sid, tel: state.phone })), resets);
    }
    return { type: 'step', state, step: step(state) };
  }

  /** What a calls/login or calls/verify answer leads to. */
  async function afterAnswer(state: DianhuaState, result: Result<DianhuaAnswer>, resets = 0): Promise<Outcome> {
    if (!result.ok) return onError(state, result.error);
    const answer = result.value;
    // §20 20017 "您已认证成功，请勿重复": this sid is authorized already (a retried call whose first
    // try went through, say). The session ends with its data, not as a failure.
    if (answer.status === DIANHUA_ALREADY_AUTHORIZED) return authorized(state);
    if (answer.status !== DIANHUA_OK)
      return onError(state, mapDianhuaError(answer.status, answer.msg, { captchaShown: captchaOf(state) !== undefined, now: now() }));
    // `reset` (even with status 0): this sid is finished; start again and say why.
    if (answer.action === 'reset') {
      if (resets >= MAX_AUTOMATIC_RESETS) return { type: 'failed', state: forget(state), error: RESET_LOOP };
      return startFlow(state, { notice: answer.msg?.trim() || RESET_NOTICE }, resets + 1);
    }
    const parsed = await guarded(async () => parseData(VerifyDataSchema, answer.data));
    if (!parsed.ok) return onError(state, parsed.error);
    const data = parsed.value;
    // §6.6: with neither an SMS nor a captcha asked for, no (further) verification is needed.
    if (answer.action === 'done' || (!data.sms_duration && !data.captcha_image)) return authorized(state);
    const sms: SmsAsk | undefined = data.sms_duration
      ? { seconds: data.sms_duration, ...(data.verify_notes && { notes: data.verify_notes }) }
      : undefined;
    const verify = { ...(data.captcha_image && { captcha: captchaDataUri(data.captcha_image) }), ...(sms && { sms }) };
    // A recovered password stays on the login step until the login goes through, then is forgotten.
    const next: DianhuaState = {
      ...state,
      stage: 'verify',
      verify,
      resend: resendFor(sms),
      notice: undefined,
      recoveredPassword: undefined,
    };
    return { type: 'step', state: next, step: step(next) };
  }

  function authorized(state: DianhuaState): Outcome {
    // Only what the data API needs later: the sid (also the task id).
    const done: DianhuaState = {
      phone: state.phone,
      userId: state.userId,
      stage: 'done',
      sid: state.sid,
      login: state.login,
      identity: {},
    };
    return { type: 'authorized', state: done, taskId: state.sid };
  }

  /** A finished flow keeps nothing it no longer needs: no identity, no sid. */
  function forget(state: DianhuaState): DianhuaState {
    return { ...state, identity: {}, sid: '' };
  }

  async function onError(state: DianhuaState, error: FlowError): Promise<Outcome> {
    if (error.retry === 'restart' || error.retry === 'none') return { type: 'failed', state: forget(state), error };
    // A flow that asked for nothing has no step to retry on: start again instead.
    if (step(state).fields.length === 0) return { type: 'failed', state, error: { ...error, retry: 'restart' } };
    let next = state;
    const sms = state.stage === 'verify' ? state.verify?.sms : state.login.sms;
    // 20013: a new code is already on its way, so the resend lock starts again.
    if (error.code === 'sms_code_expired' && sms && state.resend) {
      next = { ...state, resend: { ...state.resend, allowedAt: new Date(now() + sms.seconds * 1000).toISOString() } };
    }
    // A refused captcha is spent upstream: show a fresh one with the error.
    if (error.code === 'captcha_incorrect' && captchaOf(state)) {
      const refreshed = await refreshCaptcha(next);
      if (refreshed.type === 'step') next = refreshed.state;
    }
    return { type: 'rejected', state: next, error, step: step(next) };
  }

  function captchaOf(state: DianhuaState): string | undefined {
    return state.stage === 'verify' ? state.verify?.captcha : state.stage === 'login' ? state.login.captcha : undefined;
  }

  /** A failed field action leaves the user on the step: a code or picture already shown stays usable. */
  function onActionError(state: DianhuaState, error: FlowError): Outcome {
    const retry = error.retry === 'field' || error.retry === 'step' ? error.retry : 'field';
    return { type: 'rejected', state, error: { ...error, retry }, step: step(state) };
  }

  async function refreshCaptcha(state: DianhuaState): Promise<Outcome> {
    const result = await guarded(async () => {
      const answer = await client.get('calls/verify/captcha', { sid: state.sid });
      return answer.status === DIANHUA_OK ? { image: parseData(CaptchaDataSchema, answer.data).captcha_image } : { answer };
    });
    if (!result.ok) return onActionError(state, result.error);
    const { image, answer } = result.value;
    if (answer) return onActionError(state, mapDianhuaError(answer.status, answer.msg, { captchaShown: true, now: now() }));
    if (!image) return onActionError(state, CAPTCHA_EMPTY);
    const captcha = captchaDataUri(image);
    const next: DianhuaState =
      state.stage === 'verify' ? { ...state, verify: { ...state.verify, captcha } } : { ...state, login: { ...state.login, captcha } };
    return { type: 'step', state: next, step: step(next) };
  }

  /** calls/verify/sms, only with `smsResend: 'endpoint'`, never before the lock ends nor past the limit. */
  async function resendSms(state: DianhuaState): Promise<Outcome> {
    const sms = state.stage === 'verify' ? state.verify?.sms : state.login.sms;
    if (!sms || sms.notes !== undefined || !state.resend) return { type: 'rejected', state, error: UNAVAILABLE };
    if (config.smsResend !== 'endpoint') return { type: 'rejected', state, error: RESEND_BY_RESTART };
    if (Date.parse(state.resend.allowedAt) > now()) return { type: 'rejected', state, error: TOO_EARLY };
    if (state.resend.count >= config.maxSmsResends) return { type: 'rejected', state, error: RESENDS_EXHAUSTED };
    const result = await guarded(async () => {
      const answer = await client.get('calls/verify/sms', { sid: state.sid });
      return answer.status === DIANHUA_OK ? { seconds: parseData(SmsDataSchema, answer.data).sms_duration } : { answer };
    });
    if (!result.ok) return onActionError(state, result.error);
    const { seconds, answer } = result.value;
    if (answer) return onActionError(state, mapDianhuaError(answer.status, answer.msg, { captchaShown: false, now: now() }));
    const lock = (seconds ?? sms.seconds) * 1000;
    const next: DianhuaState = { ...state, resend: { allowedAt: new Date(now() + lock).toISOString(), count: state.resend.count + 1 } };
    return { type: 'step', state: next, step: step(next) };
  }

  async function submitLogin(state: DianhuaState, values: Readonly<Record<string, FieldValue>>): Promise<Outcome> {
    const { login } = state;
    const value = (id: string) => stringOf(values[id]).trim();
    const form: Record<string, string> = { sid: state.sid, tel: state.phone };
    const identity = { ...state.identity };
    if (login.pin) form['pin_pwd'] = stringOf(values[FIELD.password]);
    if (login.name) form['full_name'] = identity.name = value(FIELD.name);
    if (login.idCard) form['id_card'] = identity.idCard = value(FIELD.idCard).toUpperCase();
    if (login.sms) form['sms_code'] = value(FIELD.smsCode);
    if (login.captcha) form['captcha_code'] = value(FIELD.captcha);
    const working: DianhuaState = { ...state, identity };
    return afterAnswer(working, await guarded(() => client.postForm('calls/login', form)));
  }

  async function submitVerify(state: DianhuaState, values: Readonly<Record<string, FieldValue>>): Promise<Outcome> {
    const form: Record<string, string> = { sid: state.sid };
    if (state.verify?.sms) form['sms_code'] = stringOf(values[FIELD.smsCode]).trim();
    if (state.verify?.captcha) form['captcha_code'] = stringOf(values[FIELD.captcha]).trim();
    return afterAnswer(state, await guarded(() => client.postForm('calls/verify', form)));
  }

  const recovery = createRecovery({ client, policy, startFlow, now });

  return {
    provider: 'dianhua',
    stateSchema: DianhuaStateSchema,

    start({ phone, userId, applicant }: StartInput) {
      const identity = { ...(applicant?.name && { name: applicant.name }), ...(applicant?.idCard && { idCard: applicant.idCard }) };
      return startFlow({ phone, userId, ...(applicant && { applicant }), identity });
    },

    async submit(state, values) {
      switch (state.stage) {
        case 'login':
          return submitLogin(state, values);
        case 'verify':
          return submitVerify(state, values);
        case 'recover':
          return recovery.submit(state, values);
        case 'done':
          return { type: 'rejected', state, error: UNAVAILABLE };
      }
    },

    async fieldAction(state, fieldId, action: FieldAction) {
      const fields = step(state).fields;
      const field = state.stage === 'done' ? undefined : fields.find((f) => f.id === fieldId);
      if (field?.kind === 'imageCaptcha' && action === 'refresh') return refreshCaptcha(state);
      if (field?.kind === 'smsCode' && action === 'resend' && state.stage !== 'recover') return resendSms(state);
      if (field?.kind === 'servicePassword' && action === 'recover') return recovery.open(state);
      return { type: 'rejected', state, error: UNAVAILABLE };
    },

    async cancel(state) {
      if (state.stage === 'recover') return recovery.leave(state);
      return { type: 'rejected', state, error: UNAVAILABLE };
    },

    close: () => client.close(),
  };
}

/** At start there is no step to stay on: an error worth retrying means starting again. */
function retryOnStart(error: FlowError): FlowError['retry'] {
  return error.retry === 'none' ? 'none' : 'restart';
}
