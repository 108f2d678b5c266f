import { BOOT_ELEMENT_ID, isWidgetLocale, PHONE_FORM_ISSUES, type PageBoot, type PhoneFormState } from '../flow/page';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const optional = (value: unknown, check: (v: unknown) => boolean) => value === undefined || check(value);
const isString = (value: unknown) => typeof value === 'string';
const isIssue = (value: unknown) => PHONE_FORM_ISSUES.some((issue) => issue === value);

function isForm(value: unknown): value is PhoneFormState {
  if (!isRecord(value)) return false;
  const { requestError } = value;
  return (
    optional(value.phone, isString) &&
    optional(value.consent, (v) => typeof v === 'boolean') &&
    optional(value.agreementOpen, (v) => typeof v === 'boolean') &&
    optional(value.phoneIssue, isIssue) &&
    optional(value.consentIssue, isIssue) &&
    optional(requestError, (v) => isRecord(v) && isString(v.code) && isString(v.message))
  );
}

function isLink(value: unknown): boolean {
  return (
    isRecord(value) &&
    (value.state === 'unused' || value.state === 'used' || value.state === 'expired') &&
    Array.isArray(value.allowedOrigins) &&
    value.allowedOrigins.every(isString) &&
    optional(value.phone, isString) &&
    optional(value.locale, isWidgetLocale) &&
    optional(value.mode, (v) => v === 'initial' || v === 'update') &&
    optional(value.maskedPhone, isString) &&
    isString(value.expiresAt)
  );
}

// Checked by hand rather than with zod (like session-store.ts): this runs before the first render,
// and zod's core stays out of the entry chunk. The block is our own server's, in our own page.
function isBoot(value: unknown): value is PageBoot {
  return (
    isRecord(value) &&
    (value.screen === 'phone' || value.screen === 'loading') &&
    isWidgetLocale(value.locale) &&
    optional(value.link, isLink) &&
    optional(value.form, isForm)
  );
}

/** What the server rendered into the page (its boot block), or undefined for a bare shell. */
export function readBoot(doc: Document = document): PageBoot | undefined {
  const element = doc.getElementById(BOOT_ELEMENT_ID);
  if (!element?.textContent) return undefined;
  try {
    const parsed: unknown = JSON.parse(element.textContent);
    return isBoot(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
