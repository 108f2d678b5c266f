import { BRAND_OPTIONS } from './sandbox';
import type { FlowKind } from './sandbox';

// The `next` objects the simulator answers with, in the live wire shape (vendor names, some
// `type`s as strings, one hidden entry without value) so the adapter's tolerance is exercised.

export interface StepContext {
  phone: string;
  /** An opaque per-login value the next call must echo from `hidden`. */
  token: string;
  /** The current captcha, raw base64 (no `data:` prefix, as live). */
  captcha: string;
  /** The SMS step names the number in full (sandbox.ts `echoesNumber`). */
  echoesNumber?: boolean;
}

/** `piccode_type` each flow's captcha carries in its refresh_param (echo it exactly). */
export const PICCODE_TYPE: Partial<Record<FlowKind, string>> = {
  captchaFirst: '2',
  shanxi: '1',
  shandong: '3',
  shanghai: '4',
};
export const MESSAGECODE_TYPE = '1';

const JILIN_HINT = '请编辑短信CXXD发送到10001获取验证码';
const SUM_HINT = '请输入图片验证码中的计算结果';

function hidden(ctx: StepContext, ...extra: Array<{ key: string; value?: string }>) {
  return [{ key: 'cellphone', value: ctx.phone }, { key: 'task_token', value: ctx.token }, ...extra];
}

function captchaParam(flow: FlowKind, ctx: StepContext) {
  return {
    title: '图片验证码',
    hint: flow === 'shanghai' ? '请输入计算结果' : '请输入图片中的字符',
    ...(flow === 'shanghai' && { detail_hint: SUM_HINT }),
    // captchaFirst sends the type as a string, as some live answers do.
    type: flow === 'captchaFirst' ? '8' : 8,
    key: 'pic_code',
    value: ctx.captcha,
    refresh_method: 'refreshPicCode',
    refresh_param: [
      { key: 'cellphone', value: ctx.phone },
      { key: 'piccode_type', value: PICCODE_TYPE[flow] ?? '1' },
    ],
  };
}

/** The SMS-code step every flow ends with. */
export function smsStep(flow: FlowKind, ctx: StepContext) {
  if (flow === 'jilin') {
    // Jilin Telecom: the user texts CXXD to 10001; nothing to resend.
    const param = { title: '短信验证码', hint: '请输入短信验证码', detail_hint: JILIN_HINT, type: 9, key: 'message_code', value: '' };
    return { method: 'submitMessageCode', param: [param], hidden: hidden(ctx) };
  }
  const sms = {
    title: '短信验证码',
    hint: '请输入6位短信验证码',
    type: flow === 'shandong' ? '9' : 9,
    key: 'message_code',
    value: '',
    refresh_method: 'refreshMessageCode',
    refresh_param: [
      { key: 'cellphone', value: ctx.phone },
      { key: 'messagecode_type', value: MESSAGECODE_TYPE },
    ],
    ...(ctx.echoesNumber === true && { detail_hint: `短信验证码已发送至${ctx.phone}，请注意查收` }),
  };
  // Shandong Mobile: the captcha comes with the SMS and is submitted with it.
  const param = flow === 'shandong' ? [sms, captchaParam(flow, ctx)] : [sms];
  return { method: 'submitMessageCode', param, hidden: hidden(ctx) };
}

/** captchaFirst and Shanghai: log in again with an image captcha; the password comes back hidden. */
export function captchaLoginStep(flow: FlowKind, ctx: StepContext) {
  return {
    method: 'login',
    param: [captchaParam(flow, ctx)],
    // Seen live: the password entry without a value; the client sends what the user typed.
    hidden: hidden(ctx, { key: 'password' }),
  };
}

/** Shanxi Mobile: requesting the SMS takes an image captcha (document §3.3.4 shape). */
export function picForSmsStep(flow: FlowKind, ctx: StepContext, password: string) {
  return {
    method: 'getMessageCode',
    param: [captchaParam(flow, ctx)],
    hidden: hidden(ctx, { key: 'messagecode_type', value: MESSAGECODE_TYPE }, { key: 'password', value: password }),
  };
}

/** Guangxi Telecom: name and ID card to request the SMS. */
export function identityStep(ctx: StepContext) {
  return {
    method: 'getMessageCode',
    param: [
      { title: '姓名', hint: '请输入机主姓名', type: 1, key: 'real_name', value: '' },
      { title: '身份证号', hint: '请输入机主身份证号码', type: 2, key: 'id_card', value: '' },
    ],
    // No messagecode_type handed out: the client sends it itself (§3.5.2).
    hidden: hidden(ctx),
  };
}

/** A method and a param type no client has seen (the document promises such steps). */
export function unknownStep(ctx: StepContext) {
  return {
    method: 'crawler.api.mobile.v4.submitEntryCity',
    param: [{ title: '入网城市', hint: '请输入号码开户时所在的城市', type: 42, key: 'entry_city', value: '' }],
    hidden: hidden(ctx),
  };
}

/** Guangdong Mobile: the number's brand, chosen from a list (type 11 select with `options`). */
export function brandStep(ctx: StepContext) {
  return {
    method: 'submitBrand',
    param: [
      {
        title: '号码品牌',
        hint: '请选择号码品牌',
        type: 11,
        key: 'brand',
        value: '',
        options: BRAND_OPTIONS.map(({ title, value }) => ({ title, value })),
      },
    ],
    hidden: hidden(ctx),
  };
}
