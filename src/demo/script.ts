import { ERROR_TARGET_KINDS } from '../flow';
import type { ErrorTarget, FlowError } from '../flow';
import type {
  CaptchaSource,
  ErrorPlace,
  ExpectedEnd,
  ExpectedError,
  FillKind,
  ScenarioInput,
  ScriptAction,
  ScriptCommand,
} from './scenario-types';

/** Builders for script actions, and what a script says about itself (inputs, error places). */

export function fill(field: FillKind, value: string | readonly string[], captcha?: CaptchaSource): ScriptAction {
  return captcha ? { type: 'fill', field, value, captcha } : { type: 'fill', field, value };
}

export function press(command: ScriptCommand, error?: ExpectedError): ScriptAction {
  return error ? { type: command, error } : { type: command };
}

/** Fills the fields, then submits the step. */
export function step(...fills: ScriptAction[]): ScriptAction[] {
  return [...fills, press('submit')];
}

export const FIELD_LABELS: Readonly<Record<FillKind, { zh: string; en: string }>> = {
  servicePassword: { zh: '服务密码', en: 'Service password' },
  smsCode: { zh: '短信验证码', en: 'SMS code' },
  imageCaptcha: { zh: '图片验证码', en: 'Image captcha' },
  name: { zh: '姓名', en: 'Name' },
  idCard: { zh: '身份证号', en: 'ID card number' },
  contacts: { zh: '联系人号码', en: 'Contact numbers' },
  newPassword: { zh: '新服务密码', en: 'New service password' },
  select: { zh: '选项', en: 'Option' },
  text: { zh: '文本', en: 'Text' },
};

/** The values a script types, once each, labelled for display (plus any extra, e.g. a text to send). */
export function inputsOf(script: readonly ScriptAction[], extra: readonly ScenarioInput[] = []): ScenarioInput[] {
  const seen = new Set<string>();
  const out: ScenarioInput[] = [];
  for (const action of script) {
    if (action.type !== 'fill') continue;
    const value = typeof action.value === 'string' ? action.value : action.value.join('、');
    const key = `${action.field}=${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { zh, en } = FIELD_LABELS[action.field];
    out.push({ label: zh, labelEn: en, value });
  }
  return [...out, ...extra];
}

/** Where an error of this target shows on a step with these fields. */
export function placeOn(target: ErrorTarget, fields: readonly FillKind[]): Exclude<ErrorPlace, 'failed'> {
  // The session service's own placement rule.
  const kinds: readonly FillKind[] = ERROR_TARGET_KINDS[target];
  return kinds.find((kind) => fields.includes(kind)) ?? 'step';
}

/** The end a mapped vendor error leads to: on the step when retryable, else the failed screen. */
export function errorEnd(error: Pick<FlowError, 'code' | 'target' | 'retry'>, fields: readonly FillKind[]): ExpectedEnd {
  const retryable = error.retry === 'field' || error.retry === 'step';
  return { ending: 'error', code: error.code, at: retryable ? placeOn(error.target, fields) : 'failed' };
}

/** 'captchaFirst' -> 'captcha-first', for ids. */
export const kebab = (word: string): string => word.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
