/**
 * Carriers refuse "simple" service passwords (a vendor document, password recovery section): one repeated digit
 * (888888), an ascending or descending run (123456, 654321), or six consecutive digits of the
 * holder's ID card or phone number. Checked in the browser and again on the server before the
 * upstream sees it.
 */
export type NewPasswordProblem = 'length' | 'digits' | 'repeated' | 'sequence' | 'phoneDigits' | 'idCardDigits';

export interface NewPasswordContext {
  /** 6, or 8 for a few carriers. */
  length: 6 | 8;
  /** The holder's phone number, when known. */
  phone?: string;
  /** The holder's ID-card number, when known. */
  idCard?: string;
}

function isRun(value: string, step: 1 | -1): boolean {
  for (let i = 1; i < value.length; i++) {
    if (Number(value[i]) - Number(value[i - 1]) !== step) return false;
  }
  return true;
}

/** Whether `source` contains any 6 consecutive digits of `password`. */
function sharesSixDigits(password: string, source: string | undefined): boolean {
  if (!source) return false;
  const digits = source.replace(/\D/g, '');
  for (let i = 0; i + 6 <= password.length; i++) {
    if (digits.includes(password.slice(i, i + 6))) return true;
  }
  return false;
}

export function newPasswordProblem(value: string, context: NewPasswordContext): NewPasswordProblem | undefined {
  if (!/^\d*$/.test(value)) return 'digits';
  if (value.length !== context.length) return 'length';
  if (/^(\d)\1+$/.test(value)) return 'repeated';
  if (isRun(value, 1) || isRun(value, -1)) return 'sequence';
  if (sharesSixDigits(value, context.phone)) return 'phoneDigits';
  if (sharesSixDigits(value, context.idCard)) return 'idCardDigits';
  return undefined;
}
