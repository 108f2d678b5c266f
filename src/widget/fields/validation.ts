import { idCardProblem, isMobileNumber, normalizePhoneInput, type Field } from '../../flow';
import { format } from '../i18n/format';
import type { Messages } from '../i18n/messages';

function isSecretInput(field: Field): boolean {
  return field.kind === 'servicePassword' || (field.kind === 'text' && field.secret === true);
}

/** The value as sent: trimmed, phone normalized, ID card upper-cased; passwords exactly as typed. */
export function toWireValue(field: Field, raw: string): string {
  if (isSecretInput(field)) return raw;
  const value = raw.trim();
  if (field.kind === 'phone') return normalizePhoneInput(value);
  if (field.kind === 'idCard') return value.toUpperCase();
  return value;
}

/** A message when the value must not be sent, else true. Runs before anything leaves the browser. */
export function validateFieldValue(field: Field, label: string, raw: string, m: Messages): string | true {
  const value = toWireValue(field, raw);
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
    default:
      return true;
  }
}
