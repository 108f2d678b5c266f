import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { isValidIdCard } from '../../flow';
import { renderCaptchaPng } from '../shared/captcha-png';
import type { SimulatorStateStore } from '../shared/sim-state';
import { createPersistedMap } from '../shared/sim-store';
import {
  BRAND_OPTIONS,
  CAPTCHA_SEQUENCE,
  SANDBOX_PASSWORD,
  SANDBOX_SMS_CODE,
  SUM_CAPTCHA_SEQUENCE,
  echoesNumber,
  scenarioFor,
} from './sandbox';
import type { ErrorTrigger, FlowKind } from './sandbox';
import { GETDATA_METHODS, QUERY_STATUS_METHOD, createCrawlTasks } from './simulator-crawl';
import type { CrawlOptions } from './simulator-crawl';
import { MSG_OK, badRequest, faultReply, ok, okAsTables, vendorError } from './simulator-replies';
import {
  MESSAGECODE_TYPE,
  PICCODE_TYPE,
  brandStep,
  captchaLoginStep,
  identityStep,
  picForSmsStep,
  smsStep,
  unknownStep,
} from './simulator-steps';
import type { StepContext } from './simulator-steps';

import type { SimReply } from './simulator-replies';

export type { SimReply } from './simulator-replies';

const STAGES = ['start', 'captcha', 'picForSms', 'identity', 'entryCity', 'brand', 'sms', 'done'] as const;

/** A login session as saved in the simulator state (plain JSON; the scenario follows from the phone). */
const SavedSessionSchema = z.object({
  phone: z.string(),
  stage: z.enum(STAGES),
  /** Captchas shown so far minus one: the index into the captcha sequence. */
  shown: z.number().int().min(0),
  /** Whether the scenario's error has fired (once per login session). */
  fired: z.boolean(),
  /** The per-login task_token the next call must echo. */
  token: z.string(),
  /** The notice_url the login call carried. */
  noticeUrl: z.string().default(''),
});

interface SimSession extends z.infer<typeof SavedSessionSchema> {
  scenario: Exclude<ReturnType<typeof scenarioFor>, { kind: 'fault' }>;
  flow: FlowKind;
}

export const SIM_METHOD = 'crawler.api.mobile.v4.';
const MAX_SESSIONS = 10_000;

function restoreSession(raw: unknown): SimSession | undefined {
  const saved = SavedSessionSchema.safeParse(raw);
  if (!saved.success) return undefined;
  const scenario = scenarioFor(saved.data.phone);
  return scenario.kind === 'fault' ? undefined : { ...saved.data, scenario, flow: scenario.flow };
}

/** The captcha a session shows now: its picture text and the accepted answer. */
export function captchaFor(flow: FlowKind, shown: number): { text: string; answer: string } {
  if (flow === 'shanghai') {
    const sum = SUM_CAPTCHA_SEQUENCE[shown % SUM_CAPTCHA_SEQUENCE.length]!;
    return { text: sum.question, answer: sum.answer };
  }
  const code = CAPTCHA_SEQUENCE[shown % CAPTCHA_SEQUENCE.length]!;
  return { text: code, answer: code };
}

const imageCache = new Map<string, string>();
function captchaBase64(text: string): string {
  let image = imageCache.get(text);
  if (!image) imageCache.set(text, (image = renderCaptchaPng(text).toString('base64')));
  return image;
}

export interface SandboxOptions {
  now?: () => number;
  /** How long a crawl takes after the login completes (default 2000). */
  crawlMs?: number;
  /** Where sessions and crawl tasks are kept, so a new simulator continues them. */
  state?: SimulatorStateStore;
  onCrawlStarted?: CrawlOptions['onStarted'];
}

/** The sandbox's state machine: one method call in, one reply out. Biz values are strings. */
export function createSandbox(options: SandboxOptions = {}) {
  const now = options.now ?? Date.now;
  const sessions = createPersistedMap<SimSession>({
    state: options.state,
    namespace: 'rong360:sessions',
    encode: ({ scenario: _scenario, flow: _flow, ...saved }) => saved,
    decode: restoreSession,
    max: MAX_SESSIONS,
  });
  const crawls = createCrawlTasks({ now, crawlMs: options.crawlMs ?? 2000, state: options.state, onStarted: options.onCrawlStarted });

  const ctxOf = (s: SimSession): StepContext => ({
    phone: s.phone,
    token: s.token,
    captcha: captchaBase64(captchaFor(s.flow, s.shown).text),
    echoesNumber: echoesNumber(s.phone),
  });
  const fire = (s: SimSession, trigger: ErrorTrigger): SimReply | undefined => {
    if (s.scenario.kind !== 'error' || s.scenario.trigger !== trigger || s.fired) return undefined;
    s.fired = true;
    return vendorError(s.scenario.code, s.scenario.code === '506018');
  };
  const captchaOk = (s: SimSession, answer: string | undefined) => answer?.trim() === captchaFor(s.flow, s.shown).answer;

  function toSms(s: SimSession, method: string, msg: string | null = MSG_OK): SimReply {
    s.stage = 'sms';
    const payload = { next: smsStep(s.flow, ctxOf(s)) };
    // The never-seen step's answer comes in the envelope of the document's tables (§2.2): `response`.
    return method.endsWith('submitEntryCity') ? okAsTables(payload, msg) : ok(method, payload, msg);
  }

  function login(method: string, biz: Record<string, string>, key: string): SimReply {
    const scenario = scenarioFor(biz['cellphone'] ?? '');
    if (scenario.kind === 'fault') return faultReply(scenario.fault, method);
    let s = sessions.get(key);
    if (s?.stage === 'captcha' && biz['pic_code'] !== undefined) {
      if (biz['task_token'] !== s.token) return badRequest('任务令牌无效');
      const error = fire(s, 'captcha');
      if (error) return error;
      if (biz['password'] !== SANDBOX_PASSWORD) return vendorError('208101');
      if (!captchaOk(s, biz['pic_code'])) return vendorError('210101');
      return toSms(s, method);
    }
    if (!s) {
      s = {
        phone: biz['cellphone'] ?? '',
        scenario,
        flow: scenario.flow,
        stage: 'start',
        shown: 0,
        fired: false,
        token: '',
        noticeUrl: '',
      };
      sessions.set(key, s);
    }
    // A fresh login restarts the flow but not the scenario: its error fires once per session.
    Object.assign(s, { stage: 'start', shown: 0, token: randomBytes(12).toString('hex'), noticeUrl: biz['notice_url'] ?? '' });
    const error = fire(s, 'login');
    if (error) return error;
    if (biz['password'] !== SANDBOX_PASSWORD) return vendorError('208101');
    const ctx = ctxOf(s);
    switch (s.flow) {
      case 'captchaFirst':
        s.stage = 'captcha';
        return ok(method, { next: captchaLoginStep(s.flow, ctx) }, null);
      case 'shanghai':
        s.stage = 'captcha';
        return ok(method, { next: captchaLoginStep(s.flow, ctx) }, '图片验证码获取成功');
      case 'shanxi':
        s.stage = 'picForSms';
        return ok(method, { next: picForSmsStep(s.flow, ctx, biz['password'] ?? '') });
      case 'guangxi':
        s.stage = 'identity';
        return ok(method, { next: identityStep(ctx) });
      case 'unknownStep':
        s.stage = 'entryCity';
        return ok(method, { next: unknownStep(ctx) });
      case 'brandChoice':
        s.stage = 'brand';
        return ok(method, { next: brandStep(ctx) });
      default:
        return toSms(s, method);
    }
  }

  function getMessageCode(s: SimSession, method: string, biz: Record<string, string>): SimReply {
    // §3.5.2: required, whether or not the step handed it out.
    if (biz['messagecode_type'] !== MESSAGECODE_TYPE) return badRequest('参数错误: messagecode_type');
    if (s.stage === 'picForSms') {
      const error = fire(s, 'smsRequest');
      if (error) return error;
      if (!captchaOk(s, biz['pic_code'])) return vendorError('210101');
      // The code is sent; §3.5 prints no answer, and this one carries no `next`: the client goes on
      // to submitMessageCode (§3.2), whose params §3.1.5 example 1 shows.
      s.stage = 'sms';
      return ok(method);
    }
    if (s.stage === 'identity') {
      const error = fire(s, 'identity');
      if (error) return error;
      const valid = (biz['real_name'] ?? '').trim() !== '' && isValidIdCard(biz['id_card'] ?? '');
      return valid ? toSms(s, method, null) : vendorError('506018', true);
    }
    return badRequest('当前步骤不能获取短信验证码');
  }

  function submitMessageCode(s: SimSession, method: string, biz: Record<string, string>): SimReply {
    if (s.stage !== 'sms') return badRequest('当前步骤不能提交短信验证码');
    const error = fire(s, 'sms');
    if (error) return error;
    if (s.flow === 'shandong' && !captchaOk(s, biz['pic_code'])) return vendorError('210101');
    if (biz['message_code'] !== SANDBOX_SMS_CODE) return vendorError('211101');
    const final = fire(s, 'final');
    if (final) return final;
    s.stage = 'done';
    const statusId = crawls.start({ phone: s.phone, userId: biz['user_id'] ?? '', noticeUrl: s.noticeUrl });
    // Completion arrives in several forms on the live service (document §3.1.5 example 4, §3.2.3).
    if (s.flow === 'jilin') return { kind: 'json', body: { code: 200, msg: 'ok', data: { status_id: statusId } } };
    if (s.flow === 'guangxi') return ok(method, { status_id: String(statusId), user_id: biz['user_id'] });
    return ok(method, { status_id: statusId, user_id: biz['user_id'] });
  }

  function refreshPicCode(s: SimSession, method: string, biz: Record<string, string>): SimReply {
    const hasCaptcha = s.stage === 'captcha' || s.stage === 'picForSms' || (s.stage === 'sms' && s.flow === 'shandong');
    if (!hasCaptcha || !PICCODE_TYPE[s.flow]) return badRequest('当前步骤没有图片验证码');
    if (biz['piccode_type'] !== PICCODE_TYPE[s.flow]) return badRequest('参数错误: piccode_type');
    const error = fire(s, 'captchaRefresh');
    if (error) return error;
    s.shown++;
    const picCode = ctxOf(s).captcha;
    // Shanghai answers with the whole step again as well (vendor-notes).
    if (s.flow === 'shanghai') return ok(method, { pic_code: picCode, next: captchaLoginStep(s.flow, ctxOf(s)) });
    return ok(method, { pic_code: picCode });
  }

  function handle(method: string, biz: Record<string, string>): SimReply {
    if (method === `${SIM_METHOD}getLoginRule`) {
      return ok(method, { login_rule: { need_service_password: 1, password_length: 6, password_type: 'number' } });
    }
    if (method === QUERY_STATUS_METHOD) return crawls.queryStatus(method, biz['status_id']);
    if (GETDATA_METHODS.has(method)) return crawls.getdata(biz['user_id']);
    // Sessions are found by number and user, never by merchant key: a restarted simulator with a
    // new key pair continues them. Every change is written through after the call.
    const key = `${biz['cellphone'] ?? ''}:${biz['user_id'] ?? ''}`;
    try {
      return sessionCall(method, biz, key);
    } finally {
      sessions.touch(key);
    }
  }

  function sessionCall(method: string, biz: Record<string, string>, key: string): SimReply {
    if (method === `${SIM_METHOD}login`) return login(method, biz, key);
    const s = sessions.get(key);
    if (!s) return badRequest('登录会话已失效，请重新登录');
    switch (method) {
      case `${SIM_METHOD}refreshPicCode`:
        return refreshPicCode(s, method, biz);
      case `${SIM_METHOD}getPicCode`:
        if (!PICCODE_TYPE[s.flow] || biz['piccode_type'] !== PICCODE_TYPE[s.flow]) return badRequest('参数错误: piccode_type');
        s.shown++;
        s.stage = 'picForSms';
        return ok(method, { next: picForSmsStep(s.flow, ctxOf(s), biz['password'] ?? '') });
      case `${SIM_METHOD}refreshMessageCode`:
        if (s.stage !== 'sms' || s.flow === 'jilin') return badRequest('当前步骤不能重新发送短信验证码');
        if (biz['messagecode_type'] !== MESSAGECODE_TYPE) return badRequest('参数错误: messagecode_type');
        return ok(method); // document §3.6.4: no payload at all
    }
    if (biz['task_token'] !== s.token) return badRequest('任务令牌无效');
    switch (method) {
      case `${SIM_METHOD}getMessageCode`:
        return getMessageCode(s, method, biz);
      case `${SIM_METHOD}submitMessageCode`:
        return submitMessageCode(s, method, biz);
      case `${SIM_METHOD}submitEntryCity`:
        if (s.stage !== 'entryCity') return badRequest('当前步骤不能提交入网城市');
        if (!(biz['entry_city'] ?? '').trim()) return badRequest('请输入入网城市');
        return toSms(s, method);
      case `${SIM_METHOD}submitBrand`:
        if (s.stage !== 'brand') return badRequest('当前步骤不能提交号码品牌');
        if (!BRAND_OPTIONS.some((option) => option.value === biz['brand'])) return badRequest('请选择号码品牌');
        return toSms(s, method);
      default:
        return badRequest(`不支持的方法: ${method}`, 404);
    }
  }

  return { handle };
}
