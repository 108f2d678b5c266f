import { isMobileNumber, normalizePhoneInput } from '../../flow/phone';
import type { PhoneFormIssue } from '../../flow/page';
import type { Messages } from '../i18n/messages';

/** The phone number's problem before anything is sent, if any. */
export function phoneIssue(raw: string): PhoneFormIssue | undefined {
  const phone = normalizePhoneInput(raw);
  if (phone === '') return 'phoneRequired';
  return isMobileNumber(phone) ? undefined : 'phoneInvalid';
}

export function consentIssue(consent: boolean): PhoneFormIssue | undefined {
  return consent ? undefined : 'consentRequired';
}

/** The catalogue's words for an issue. */
export function issueText(m: Messages, issue: PhoneFormIssue | undefined): string | undefined {
  if (issue === 'phoneRequired') return m.phone.required;
  if (issue === 'phoneInvalid') return m.phone.invalid;
  if (issue === 'consentRequired') return m.consent.required;
  return undefined;
}
