import {
  idCardProblem,
  isMobileNumber,
  newPasswordProblem,
  normalizePhoneInput,
  type Field,
  type FieldOf,
  type FieldValue,
  type NewPasswordProblem,
} from '../../flow';
import { format } from '../i18n/format';
import type { Messages } from '../i18n/messages';

/** What the widget knows of the applicant, for checks against their own data. */
export interface ValidationContext {
  /** The applicant's full number, known only in the page that started the session. */
  phone?: string;
}

function isSecretInput(field: Field): boolean {
  return field.kind === 'servicePassword' || field.kind === 'newPassword' || (field.kind === 'text' && field.secret === true);
}

function textOf(raw: FieldValue | undefined): string {
  return typeof raw === 'string' ? raw : '';
}

/** A contacts row as sent: a normalized number, '' when left empty. */
export function toContactNumber(raw: string): string {
  return normalizePhoneInput(raw.trim());
}

/**
 * The value as sent: trimmed, phone normalized, ID card upper-cased, contacts as an array of
 * normalized numbers (empty rows dropped); passwords exactly as typed.
 */
export function toWireValue(field: Field, raw: FieldValue | undefined): FieldValue {
  if (field.kind === 'contacts') {
    const rows = Array.isArray(raw) ? raw : [];
    return rows.map(toContactNumber).filter((value) => value !== '');
  }
  const text = textOf(raw);
  if (isSecretInput(field)) return text;
  const value = text.trim();
  if (field.kind === 'phone') return normalizePhoneInput(value);
  if (field.kind === 'idCard') return value.toUpperCase();
  return value;
}

/** The message for a new password the carrier would refuse. */
export function newPasswordMessage(problem: NewPasswordProblem, length: 6 | 8, m: Messages): string {
  const texts = m.newPassword.problem;
  // Non-digits and a wrong length get the same instruction: N digits.
  return problem === 'digits' || problem === 'length' ? format(texts.length, { n: length }) : texts[problem];
}

/** A message when the value must not be sent, else true. Runs before anything leaves the browser. */
export function validateFieldValue(
  field: Field,
  label: string,
  raw: FieldValue | undefined,
  m: Messages,
  context: ValidationContext = {},
): string | true {
  const value = textOf(toWireValue(field, raw));
  if (value === '') {
    if (!field.required) return true;
    if (field.kind === 'select') return format(m.field.requiredSelect, { label });
    return label === m.field.fallbackLabel ? m.field.requiredGeneric : format(m.field.required, { label });
  }
  switch (field.kind) {
    case 'phone':
      return isMobileNumber(value) || m.field.phoneInvalid;
    case 'idCard': {
      const problem = idCardProblem(value);
      return problem ? m.field.idCard[problem] : true;
    }
    case 'smsCode':
      return /^\d{4,8}$/.test(value) || m.field.smsCode;
    case 'name': {
      const length = Array.from(value).length;
      return (length >= 2 && length <= 30) || m.field.name;
    }
    case 'select':
      return field.options.some((option) => option.value === value) || format(m.field.requiredSelect, { label });
    case 'newPassword': {
      const problem = newPasswordProblem(value, { length: field.length, phone: context.phone });
      return problem ? newPasswordMessage(problem, field.length, m) : true;
    }
    default:
      return true;
  }
}

/**
 * One row of a contacts list: required up to `required`, a mobile number, not the applicant's own,
 * and not a repeat of an earlier row (the later copy is the one flagged).
 */
export function validateContactRow(
  field: FieldOf<'contacts'>,
  index: number,
  rows: readonly string[],
  m: Messages,
  context: ValidationContext = {},
): string | true {
  const value = toContactNumber(rows[index] ?? '');
  if (value === '') {
    return field.required ? format(m.field.required, { label: format(m.contacts.row, { n: index + 1 }) }) : true;
  }
  if (!isMobileNumber(value)) return m.field.phoneInvalid;
  if (context.phone !== undefined && value === context.phone) return m.contacts.own;
  const earlier = rows.slice(0, index).map(toContactNumber);
  return !earlier.includes(value) || m.contacts.duplicate;
}
