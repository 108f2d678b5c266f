import { renderCaptchaPng } from '../shared/captcha-png';
import { DIANHUA_ERRORS } from './errors';
import { CAPTCHA_SEQUENCE } from './sandbox';
import type { FaultKind } from './sandbox';

import { transportFaultReply } from '../shared/sim-http';
import type { SimReply } from '../shared/sim-http';

export type { SimReply } from '../shared/sim-http';

/** Request parameters: form fields (lists from `k[]` / `k[0]` / repeated keys) or a JSON object. */
export type SimParams = Readonly<Record<string, unknown>>;

export function str(params: SimParams, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : undefined;
}

/** A list parameter: a JSON array, form `k[]` pairs, or one comma-separated string. */
export function list(params: SimParams, key: string): string[] | undefined {
  const value = params[key];
  if (Array.isArray(value)) return value.map((item) => String(item));
  if (typeof value === 'string')
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return undefined;
}

export type Body = Record<string, unknown>;

export function json(body: Body): SimReply {
  return { kind: 'json', body };
}

/** A §20 error with the document's message (or `msg` for codes outside the table). */
export function vendorError(code: string, msg?: string): SimReply {
  return json({ status: Number(code), msg: msg ?? DIANHUA_ERRORS[code]?.message ?? '系统异常', data: [] });
}

export const badParams = (what: string): SimReply => vendorError('4001', `API 参数错误: ${what}`);

export function captchaPicture(shown: number): { base64: string; answer: string } {
  const answer = CAPTCHA_SEQUENCE[shown % CAPTCHA_SEQUENCE.length]!;
  return { base64: captchaBase64(answer), answer };
}

const imageCache = new Map<string, string>();
function captchaBase64(text: string): string {
  let image = imageCache.get(text);
  if (!image) imageCache.set(text, (image = renderCaptchaPng(text).toString('base64')));
  return image;
}

export function faultReply(fault: FaultKind): SimReply {
  switch (fault) {
    case 'timeout':
    case 'http502':
    case 'garbage':
      return transportFaultReply(fault);
    case 'wrongShape':
      return json({ status: 0, action: 'processing', msg: '', data: { sms_duration: 'soon', captcha_image: 42 } });
  }
}
