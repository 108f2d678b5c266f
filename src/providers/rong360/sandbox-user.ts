import type { Field, FieldValue } from '../../flow';
import { renderCaptchaPng } from '../shared/captcha-png';
import { CAPTCHA_SEQUENCE, SANDBOX_ID_CARD, SANDBOX_NAME, SANDBOX_PASSWORD, SANDBOX_SMS_CODE, SUM_CAPTCHA_SEQUENCE } from './sandbox';

/**
 * A sandbox applicant: the right answer for any field the simulator asks for. Tests use it to walk
 * flows, and the demo's autoplay will too. Only meaningful against the simulator.
 */

// The simulator draws its captchas deterministically, so a picture names its answer.
let captchaAnswers: Map<string, string> | undefined;
function answersByPicture(): Map<string, string> {
  captchaAnswers ??= new Map<string, string>([
    ...CAPTCHA_SEQUENCE.map((code) => [renderCaptchaPng(code).toString('base64'), code] as const),
    ...SUM_CAPTCHA_SEQUENCE.map(({ question, answer }) => [renderCaptchaPng(question).toString('base64'), answer] as const),
  ]);
  return captchaAnswers;
}

/** Reads a simulator captcha the way a person would: by recognising the picture (a data URI). */
export function sandboxCaptchaAnswer(image: string): string {
  const answer = answersByPicture().get(image.slice(image.indexOf(',') + 1));
  if (answer === undefined) throw new Error('not a sandbox captcha picture');
  return answer;
}

// Rong360 never asks for these kinds; values that pass the flow's checks keep the helper total.
const SANDBOX_NEW_PASSWORD = '368024';
const SANDBOX_NEW_PASSWORD_8 = '36802417';
const SANDBOX_CONTACTS = ['13912345678', '18611112222', '15055556666'];

/** What a sandbox user types into a field. */
export function sandboxValueFor(field: Field, phone: string): FieldValue {
  switch (field.kind) {
    case 'servicePassword':
      return SANDBOX_PASSWORD;
    case 'smsCode':
      return SANDBOX_SMS_CODE;
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
    case 'text':
      return '北京';
    case 'newPassword':
      return field.length === 8 ? SANDBOX_NEW_PASSWORD_8 : SANDBOX_NEW_PASSWORD;
    case 'contacts':
      return SANDBOX_CONTACTS.slice(0, field.min);
  }
}

/** Correct values for every field of a step. */
export function sandboxValuesFor(fields: readonly Field[], phone: string): Record<string, FieldValue> {
  return Object.fromEntries(fields.map((field) => [field.id, sandboxValueFor(field, phone)]));
}
