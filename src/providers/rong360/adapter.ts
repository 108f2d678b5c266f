import type { FieldAction, FieldValue, FlowError } from '../../flow';
import type { HttpClient } from '../http';
import type { AdapterOutcome, ProviderAdapter, ProviderFormStep, StartInput } from '../types';
import { UpstreamError } from '../upstream-error';
import { commonParams, isGetMessageCode, nextBizData, refreshBizData, submitMessageCodeStep } from './biz-data';
import { createRong360Client } from './client';
import type { Rong360Client } from './client';
import { mapUpstreamError } from '../shared/transport-errors';
import { mapVendorError } from './errors';
import { Rong360StateSchema } from './state';
import type { Rong360State } from './state';
import { isResendable, paramToField, paramType, resendFor, stepFromNext } from './steps';
import { RONG360_OK, parsePayload } from './wire';
import type { Rong360Next, Rong360Param, Rong360Payload } from './wire';

export { Rong360StateSchema } from './state';
export type { Rong360State } from './state';

export interface Rong360Config {
  gatewayUrl: string;
  /** Open-platform app id; also sent as `merchant_id`. */
  appId: string;
  privateKeyPem: string;
  appName: string;
  appVersion: string;
  platform: string;
  /** Where Rong360 posts the end of the crawl. */
  noticeUrl: string;
  timeoutMs: number;
  /** Cooldown before an SMS code can be sent again. */
  smsResendSeconds: number;
}

export interface Rong360AdapterDeps {
  now?: () => number;
  /** A ready client (tests); by default one is built from the config. */
  client?: Rong360Client;
  /** The HTTP client under the built client (demo mode wraps one to add latency and faults). */
  http?: HttpClient;
}

type Outcome = AdapterOutcome<Rong360State>;
type CallResult = { ok: true; payload: Rong360Payload } | { ok: false; error: FlowError };

const LOGIN_STEP: ProviderFormStep = {
  intent: 'login',
  // Rong360 has no password-reset API: the widget explains the carrier hotline instead.
  fields: [{ id: 'password', kind: 'servicePassword', label: '服务密码', required: true, recovery: 'hotline' }],
};
// Auto-advancing `next` steps that ask the user nothing; bounded so a looping upstream cannot spin.
const MAX_SILENT_HOPS = 3;
const SECRET_KINDS = new Set(['smsCode', 'imageCaptcha']);

const UNAVAILABLE: FlowError = {
  code: 'action_unavailable',
  target: 'none',
  retry: 'step',
  message: '该操作当前不可用',
};
const TOO_EARLY: FlowError = {
  code: 'action_too_early',
  target: 'smsCode',
  retry: 'field',
  message: '请稍后再重新获取验证码',
};
const NO_RESULT: FlowError = mapUpstreamError({ failure: 'invalid' });

export function createRong360Adapter(
  config: Rong360Config,
  deps: Rong360AdapterDeps = {},
): ProviderAdapter<Rong360State> & { close(): Promise<void> } {
  const now = deps.now ?? Date.now;
  const client =
    deps.client ??
    createRong360Client(
      { gatewayUrl: config.gatewayUrl, appId: config.appId, privateKeyPem: config.privateKeyPem, timeoutMs: config.timeoutMs },
      { now, ...(deps.http && { http: deps.http }) },
    );
  const common = (state: Rong360State) => commonParams(config, state.userId);

  async function call(method: string, biz: Record<string, string>): Promise<CallResult> {
    try {
      const answer = await client.call(method, biz);
      if (answer.code !== RONG360_OK) return { ok: false, error: mapVendorError(answer.code, answer.msg, now()) };
      return { ok: true, payload: parsePayload(answer.payload) };
    } catch (error) {
      if (error instanceof UpstreamError) return { ok: false, error: mapUpstreamError(error) };
      throw error;
    }
  }

  function showNext(state: Rong360State, next: Rong360Next, carryResend = false): Outcome {
    const resend = resendFor(next, now(), config.smsResendSeconds, carryResend ? state.resend : {});
    const nextState: Rong360State = { ...state, stage: 'next', next, resend };
    return { type: 'step', state: nextState, step: stepFromNext(next, resend) };
  }

  /** Where a successful answer to a submission leads: another step, or the end of login. */
  async function advance(state: Rong360State, result: CallResult, hops = 0): Promise<Outcome> {
    if (!result.ok) return onError(state, result.error, true);
    const { next, status_id: statusId } = result.payload;
    if (next && next.param.length === 0) {
      if (hops >= MAX_SILENT_HOPS) return { type: 'rejected', state, error: NO_RESULT };
      const silent: Rong360State = { ...state, next };
      return advance(silent, await call(next.method, nextBizData(next, {}, silent, common(state))), hops + 1);
    }
    if (next) return showNext(state, next);
    // An SMS request answered without `next` (§3.5 prints no answer; §3.6.4's sibling has no payload)
    // sent the code: the document's next call is submitMessageCode (§3.2).
    if (statusId === undefined && state.next && isGetMessageCode(state.next.method)) {
      return showNext(state, submitMessageCodeStep(state.next, state));
    }
    // No `next` means login is complete (vendor-notes); status_id names the crawl task (§3.2.3). Without
    // one, the crawl is known by our user_id, which getdata takes anyway (§4.2).
    // The password and earlier input are not needed any more: drop them from the persisted state.
    const done: Rong360State = { ...state, stage: 'done', inputs: {}, next: undefined, resend: {} };
    return { type: 'authorized', state: done, taskId: statusId ?? state.userId };
  }

  async function onError(state: Rong360State, error: FlowError, autoRefresh: boolean): Promise<Outcome> {
    if (error.retry === 'restart' || error.retry === 'none') {
      // A finished flow keeps no password and no hidden upstream values.
      return { type: 'failed', state: { ...state, inputs: {}, next: undefined, resend: {} }, error };
    }
    const params = state.stage === 'next' ? (state.next?.param ?? []) : [];
    if (error.target === 'password' && state.stage === 'next' && !params.some(isPasswordParam)) {
      // A password refused on a later step (e.g. the captcha login): ask for the password again.
      const restarted: Rong360State = { ...state, stage: 'login', inputs: {}, next: undefined, resend: {} };
      return { type: 'rejected', state: restarted, error, step: LOGIN_STEP };
    }
    // A refused login leaves nothing to resend the password with: the next login submits it again.
    if (state.stage === 'login') return { type: 'rejected', state: { ...state, inputs: {} }, error };
    const captcha = params.find((param) => paramType(param) === 8 && param.refresh_method);
    if (autoRefresh && error.code === 'captcha_incorrect' && captcha) {
      // A refused captcha is spent upstream: show a fresh one with the error.
      const refreshed = await refreshCaptcha(state, captcha, false);
      if (refreshed.type === 'step') return { type: 'rejected', state: refreshed.state, error, step: refreshed.step };
    }
    return { type: 'rejected', state, error };
  }

  /**
   * A failed resend leaves the step usable: a code that already arrived can still be entered, so
   * even a final refusal (506003, sent too often today) stays on the step, shown at the field.
   */
  function onActionError(state: Rong360State, error: FlowError): Promise<Outcome> {
    if (error.retry === 'none' || error.retry === 'restart') {
      return Promise.resolve({ type: 'rejected', state, error: { ...error, retry: 'field' } });
    }
    return onError(state, error, false);
  }

  async function refreshCaptcha(state: Rong360State, param: Rong360Param, autoRefresh = true): Promise<Outcome> {
    const result = await call(param.refresh_method ?? '', refreshBizData(param, common(state)));
    if (!result.ok) return onError(state, result.error, autoRefresh);
    const { next, pic_code: picCode } = result.payload;
    if (next) {
      // refreshPicCode may answer with a whole `next` (vendor-notes); it replaces the step.
      const filled = picCode ? withImage(next, param.key, picCode, true) : next;
      return filled.param.length > 0 ? showNext(state, filled, true) : { type: 'rejected', state, error: NO_RESULT };
    }
    if (!picCode || !state.next) return { type: 'rejected', state, error: NO_RESULT };
    return showNext(state, withImage(state.next, param.key, picCode, false), true);
  }

  async function resendSms(state: Rong360State, param: Rong360Param): Promise<Outcome> {
    const allowedAt = state.resend[param.key]?.allowedAt;
    // The session service checks this too; refusing here keeps carriers from punishing the number.
    if (allowedAt && Date.parse(allowedAt) > now()) return { type: 'rejected', state, error: TOO_EARLY };
    const result = await call(param.refresh_method ?? '', refreshBizData(param, common(state)));
    if (!result.ok) return onActionError(state, result.error);
    if (result.payload.next && result.payload.next.param.length > 0) return showNext(state, result.payload.next);
    if (!state.next) return { type: 'rejected', state, error: NO_RESULT };
    const resend = {
      ...state.resend,
      [param.key]: { sent: true, allowedAt: new Date(now() + config.smsResendSeconds * 1000).toISOString() },
    };
    return { type: 'step', state: { ...state, resend }, step: stepFromNext(state.next, resend) };
  }

  return {
    provider: 'rong360',
    stateSchema: Rong360StateSchema,

    async start({ phone, userId }: StartInput): Promise<Outcome> {
      // getLoginRule is optional upstream; the password step needs nothing from it.
      const state: Rong360State = { phone, userId, stage: 'login', inputs: {}, resend: {} };
      return { type: 'step', state, step: LOGIN_STEP };
    },

    async submit(state, rawValues) {
      if (state.stage === 'done') throw new Error('rong360 adapter: submit after authorization');
      const values = stringValues(rawValues);
      if (state.stage === 'login' || !state.next) {
        const password = values['password'] ?? '';
        const fresh: Rong360State = { ...state, stage: 'login', inputs: { password }, next: undefined, resend: {} };
        const biz = { cellphone: state.phone, password, user_id: state.userId, ...common(state) };
        return advance(fresh, await call('login', biz));
      }
      const next = state.next;
      const inputs = { ...state.inputs };
      for (const param of next.param) {
        const value = values[param.key];
        // Keep what hidden entries may ask for later (password, name, ID card), not one-time codes.
        if (value !== undefined && !SECRET_KINDS.has(paramToField(param).kind)) inputs[param.key] = value;
      }
      const working: Rong360State = { ...state, inputs };
      return advance(working, await call(next.method, nextBizData(next, values, working, common(state))));
    },

    async fieldAction(state, fieldId, action: FieldAction) {
      const param = state.stage === 'next' ? state.next?.param.find((p) => p.key === fieldId) : undefined;
      if (param && action === 'refresh' && paramType(param) === 8 && param.refresh_method) {
        return refreshCaptcha(state, param);
      }
      if (param && action === 'resend' && isResendable(param)) return resendSms(state, param);
      // `recover` included: Rong360 cannot reset a service password (the field says `hotline`).
      return { type: 'rejected', state, error: UNAVAILABLE };
    },

    // No Rong360 step is cancellable.
    async cancel(state) {
      return { type: 'rejected', state, error: UNAVAILABLE };
    },

    close: () => client.close(),
  };
}

/** Rong360 asks only for single values; a list (from a `contacts` field it never shows) is dropped. */
function stringValues(values: Readonly<Record<string, FieldValue>>): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (typeof value === 'string') strings[key] = value;
  return strings;
}

function isPasswordParam(param: Rong360Param): boolean {
  return paramType(param) === 7 || param.key === 'password';
}

/** The step with a new captcha image on `key` (only where it has none, when `onlyIfEmpty`). */
function withImage(next: Rong360Next, key: string, image: string, onlyIfEmpty: boolean): Rong360Next {
  return {
    ...next,
    param: next.param.map((param) => (param.key === key && (!onlyIfEmpty || !param.value) ? { ...param, value: image } : param)),
  };
}
