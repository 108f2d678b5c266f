import type { Field, SmsInstruction, SubmitIntent } from '../../flow';
import { parseSmsInstruction } from '../shared/sms-instruction';
import type { ProviderFormStep } from '../types';
import { captchaDataUri } from '../shared/captcha-image';

export { parseSmsInstruction } from '../shared/sms-instruction';
import type { ResendState } from './state';
import type { Rong360Next, Rong360Param } from './wire';

// Rong360's SDK param types (vendor-notes): 1 text, 2 ID card, 3 number, 4 decimal, 5 mobile,
// 6 card number, 7 password, 8 image captcha, 9 SMS code, 10 email, 11 select, 12 protocol,
// 13 set password, 14 repeat password, 15 title label, 16 prompt label, 17 period, 18 read-only,
// 19 question, 20 send-SMS input. Anything else is rendered as text, never dropped.
const T = { idCard: 2, number: 3, decimal: 4, mobile: 5, card: 6, password: 7, captcha: 8, sms: 9 } as const;
const EMAIL = 10;
const SELECT = 11;
const SEND_SMS = 20;
const SECRET_TEXT_TYPES = new Set([13, 14]);
/** Protocol and label types carry no input of their own. */
const OPTIONAL_TYPES = new Set([12, 15, 16, 18]);
const ID_CARD_KEYS = new Set(['id_card', 'idcard', 'id_no', 'idno']);
const NAME_KEYS = new Set(['real_name', 'name', 'user_name', 'realname', 'username']);

export function paramType(param: Rong360Param): number | undefined {
  return typeof param.type === 'number' ? param.type : undefined;
}

/** `crawler.api.mobile.v4.login` -> `login`. */
export function shortMethod(method: string): string {
  return method.slice(method.lastIndexOf('.') + 1);
}

/** getMessageCode, sendSmsCode, get_sms_code...: methods whose call sends an SMS code. */
export function isSmsRequestMethod(method: string): boolean {
  return /^(get|send|request|apply|fetch)(message|msg|sms)(code|verifycode)?$/i.test(shortMethod(method).replace(/_/g, ''));
}

function present(value: string | undefined): string | undefined {
  return value?.trim() ? value : undefined;
}

function baseOf(param: Rong360Param, required: boolean, labelFallback = false) {
  const label = present(param.title) ?? (labelFallback ? present(param.hint) : undefined);
  const hint = present(param.hint);
  const detailHint = present(param.detail_hint);
  return {
    id: param.key,
    ...(label !== undefined && { label }),
    ...(hint !== undefined && { hint }),
    ...(detailHint !== undefined && { detailHint }),
    required,
  };
}

function smsInstructionOf(param: Rong360Param): SmsInstruction | undefined {
  const type = paramType(param);
  if (type !== T.sms && type !== SEND_SMS) return undefined;
  return parseSmsInstruction(param.detail_hint, param.hint, param.title, type === SEND_SMS ? param.value : undefined);
}

/** One vendor param as a widget field. `resend` is the SMS field's resend bookkeeping, if any. */
export function paramToField(param: Rong360Param, resend?: ResendState): Field {
  const type = paramType(param);
  const key = param.key.toLowerCase();
  const instruction = smsInstructionOf(param);
  if (type === T.captcha) {
    return {
      ...baseOf(param, true),
      kind: 'imageCaptcha',
      image: captchaDataUri(param.value),
      refreshable: present(param.refresh_method) !== undefined,
    };
  }
  if (type === T.sms || type === SEND_SMS) {
    const { detailHint, ...base } = baseOf(param, true);
    // The widget renders the instruction itself (with an sms: link); the vendor's sentence saying the
    // same would only repeat it.
    const keepHint = detailHint !== undefined && !(instruction && parseSmsInstruction(detailHint));
    return {
      ...base,
      ...(keepHint && { detailHint }),
      kind: 'smsCode',
      ...(instruction ? { instruction } : resend && { resend }),
    };
  }
  // Rong360 has no reset API: every password field points to the carrier hotline.
  if (type === T.password) return { ...baseOf(param, true), kind: 'servicePassword', recovery: 'hotline' };
  if (type === T.mobile) {
    const value = present(param.value);
    return { ...baseOf(param, true), kind: 'phone', ...(value !== undefined && { value }) };
  }
  if (type === T.idCard || ID_CARD_KEYS.has(key)) return { ...baseOf(param, true), kind: 'idCard' };
  if (NAME_KEYS.has(key)) return { ...baseOf(param, true), kind: 'name' };
  if (type === SELECT && param.options.length > 0) {
    return {
      ...baseOf(param, true),
      kind: 'select',
      options: param.options.map((option) => ({ label: option.title ?? option.value, value: option.value })),
    };
  }
  const inputMode =
    type === T.number || type === T.card ? 'numeric' : type === T.decimal ? 'decimal' : type === EMAIL ? 'email' : undefined;
  const required = type === undefined || !OPTIONAL_TYPES.has(type);
  return {
    ...baseOf(param, required, true),
    kind: 'text',
    ...(inputMode && { inputMode }),
    ...(type !== undefined && SECRET_TEXT_TYPES.has(type) && { secret: true }),
  };
}

/** Whether the step's submit logs in, asks for an SMS code, or verifies something. */
export function intentOf(next: Rong360Next, fields: readonly Field[]): SubmitIntent {
  if (shortMethod(next.method).toLowerCase() === 'login') return 'login';
  const hasSmsField = fields.some((field) => field.kind === 'smsCode');
  return !hasSmsField && isSmsRequestMethod(next.method) ? 'requestSms' : 'verify';
}

/** Whether the SMS field can be resent through its `refresh_method` (not when the user texts it). */
export function isResendable(param: Rong360Param): boolean {
  const type = paramType(param);
  return (type === T.sms || type === SEND_SMS) && !smsInstructionOf(param) && present(param.refresh_method) !== undefined;
}

/**
 * Resend bookkeeping for a new step. A step reached by a call that sent an SMS starts its cooldown
 * now; on a step whose own method sends the SMS nothing was sent yet. `carry` keeps the entries
 * of a step that came back (a captcha refresh answered with a `next`).
 */
export function resendFor(
  next: Rong360Next,
  nowMs: number,
  resendSeconds: number,
  carry: Readonly<Record<string, ResendState>> = {},
): Record<string, ResendState> {
  const resend: Record<string, ResendState> = {};
  for (const param of next.param) {
    if (!isResendable(param)) continue;
    resend[param.key] =
      carry[param.key] ??
      (isSmsRequestMethod(next.method)
        ? { sent: false, allowedAt: null }
        : { sent: true, allowedAt: new Date(nowMs + resendSeconds * 1000).toISOString() });
  }
  return resend;
}

/** The widget step for a `next`. Hidden entries and refresh params never appear in it. */
export function stepFromNext(next: Rong360Next, resend: Readonly<Record<string, ResendState>>): ProviderFormStep {
  const fields = next.param.map((param) => paramToField(param, resend[param.key]));
  return { intent: intentOf(next, fields), fields };
}
