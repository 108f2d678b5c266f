import type { FormStep } from '../../flow';
import type { Messages } from '../i18n/messages';

/** A heading that says what the step asks for: its purpose, else the kinds of its fields. */
export function formStepHeading(step: FormStep, m: Messages): string {
  if (step.purpose === 'recoverPassword') return m.form.heading.recoverPassword;
  const kinds = new Set(step.fields.map((field) => field.kind));
  if (kinds.has('servicePassword')) return m.form.heading.password;
  if (kinds.has('idCard') || kinds.has('name')) return m.form.heading.identity;
  if (kinds.has('smsCode')) return m.form.heading.smsCode;
  if (kinds.has('imageCaptcha')) return m.form.heading.captcha;
  return m.form.heading.other;
}
