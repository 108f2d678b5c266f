import type { Field, FieldValue } from '../../flow';
import { renderCaptchaPng } from '../shared/captcha-png';
import {
  CAPTCHA_SEQUENCE,
  SANDBOX_CONTACTS,
  SANDBOX_ID_CARD,
  SANDBOX_LOGIN_CODE,
  SANDBOX_NAME,
  SANDBOX_NEW_PASSWORD,
  SANDBOX_NEW_PASSWORD_8,
  SANDBOX_PASSWORD,
  SANDBOX_SMS_CODE,
} from './sandbox';

/**
 * A Dianhua sandbox applicant: the right answer for any field the simulator asks for. Tests walk
 * flows with it. Only meaningful against the simulator. After a recovery the number's password is
 * the new one: pass it as `password`.
 */

// The simulator draws its captchas deterministically, so a picture names its answer.
let captchaAnswers: Map<string, string> | undefined;

/** Reads a simulator captcha the way a person would: by recognising the picture (a data URI). */
export function sandboxCaptchaAnswer(image: string): string {
  captchaAnswers ??= new Map(CAPTCHA_SEQUENCE.map((code) => [renderCaptchaPng(code).toString('base64'), code] as const));
  const answer = captchaAnswers.get(image.slice(image.indexOf(',') + 1));
  if (answer === undefined) throw new Error('not a sandbox captcha picture');
  return answer;
}

/** What a sandbox user types into a field. */
export function sandboxValueFor(field: Field, phone: string, password: string = SANDBOX_PASSWORD): FieldValue {
  switch (field.kind) {
    case 'servicePassword':
      return password;
    case 'smsCode':
      // The recovery's login SMS code is labelled as such (`login_code`).
      return field.label === '登录短信验证码' ? SANDBOX_LOGIN_CODE : SANDBOX_SMS_CODE;
    case 'imageCaptcha':
      return sandboxCaptchaAnswer(field.image);
    case 'name':
      return SANDBOX_NAME;
    case 'idCard':
      return SANDBOX_ID_CARD;
    case 'phone':
      return phone;
    case 'select':
      return field.options[0]?.value ?? '';
    case 'contacts':
      return SANDBOX_CONTACTS.slice(0, field.min);
    case 'newPassword':
      return field.length === 8 ? SANDBOX_NEW_PASSWORD_8 : SANDBOX_NEW_PASSWORD;
    case 'text':
      return '北京';
  }
}

/** Correct values for every field of a step. */
export function sandboxValuesFor(fields: readonly Field[], phone: string, password?: string): Record<string, FieldValue> {
  return Object.fromEntries(fields.map((field) => [field.id, sandboxValueFor(field, phone, password)]));
}
