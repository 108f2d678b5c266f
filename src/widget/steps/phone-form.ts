import type { PhoneFormIssue } from '../../flow/page';
import type { Messages } from '../i18n/messages';

export { consentIssue, phoneIssue } from '../../flow/page';

/** The catalogue's words for an issue. */
export function issueText(m: Messages, issue: PhoneFormIssue | undefined): string | undefined {
  if (issue === 'phoneRequired') return m.phone.required;
  if (issue === 'phoneInvalid') return m.phone.invalid;
  if (issue === 'consentRequired') return m.consent.required;
  return undefined;
}
