import { describe, expect, it } from 'vitest';
import { newPasswordProblem } from '../../../flow';
import { sandboxValueFor } from '../sandbox-user';

const PHONE = '13800138000';
const base = { required: true } as const;

describe('Rong360 sandbox user', () => {
  it('answers a contacts field with as many distinct mobile numbers as it needs', () => {
    const value = sandboxValueFor({ ...base, id: 'c', kind: 'contacts', min: 2, max: 5 }, PHONE);
    expect(Array.isArray(value) && value.length).toBe(2);
    expect(new Set(value).size).toBe(2);
    for (const number of value) expect(number).toMatch(/^1\d{10}$/);
  });

  it('answers a new-password field with a password of the asked length that the rules accept', () => {
    for (const length of [6, 8] as const) {
      const value = sandboxValueFor({ ...base, id: 'p', kind: 'newPassword', length }, PHONE);
      expect(typeof value === 'string' && newPasswordProblem(value, { length, phone: PHONE })).toBeUndefined();
    }
  });
});
