// GB 11643-1999 resident identity number: 17 digits + a MOD 11-2 check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdCardProblem = 'format' | 'birthDate' | 'checkDigit';

/** The check character for the first 17 digits. */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Why an ID-card number is invalid, or undefined when it is valid. Lower-case x is accepted. */
export function idCardProblem(raw: string): IdCardProblem | undefined {
  const value = raw.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return 'format';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getTime() > Date.now()
  ) {
    return 'birthDate';
  }
  if (idCardCheckChar(value.slice(0, 17)) !== value[17]) return 'checkDigit';
  return undefined;
}

export function isValidIdCard(value: string): boolean {
  return idCardProblem(value) === undefined;
}

/** 1101**********1234: the form ID-card numbers take in logs. */
export function maskIdCard(value: string): string {
  return value.length >= 8 ? `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}` : '***';
}

/** 张* / 欧阳** : the form names take in logs. */
export function maskName(value: string): string {
  const chars = Array.from(value);
  return chars.length === 0 ? '' : `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}
