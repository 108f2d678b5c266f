import { describe, expect, it } from 'vitest';
import { newPasswordProblem } from '../new-password';

const six = { length: 6 as const, phone: '13800138000', idCard: '11010519491231002X' };

describe('new service password rules', () => {
  it('accepts a 6-digit password that is not simple', () => {
    expect(newPasswordProblem('368024', six)).toBeUndefined();
    expect(newPasswordProblem('36802417', { ...six, length: 8 })).toBeUndefined();
  });

  it('asks for exactly the carrier length, digits only', () => {
    expect(newPasswordProblem('36802', six)).toBe('length');
    expect(newPasswordProblem('368024', { ...six, length: 8 })).toBe('length');
    expect(newPasswordProblem('36a024', six)).toBe('digits');
  });

  it('refuses one repeated digit and ascending or descending runs', () => {
    expect(newPasswordProblem('888888', six)).toBe('repeated');
    expect(newPasswordProblem('123456', six)).toBe('sequence');
    expect(newPasswordProblem('654321', six)).toBe('sequence');
    expect(newPasswordProblem('23456789', { ...six, length: 8 })).toBe('sequence');
  });

  it('refuses six consecutive digits of the phone number or the ID card', () => {
    expect(newPasswordProblem('001380', six)).toBe('phoneDigits');
    expect(newPasswordProblem('138000', six)).toBe('phoneDigits');
    expect(newPasswordProblem('194912', six)).toBe('idCardDigits');
    expect(newPasswordProblem('91231002', { ...six, length: 8 })).toBe('idCardDigits');
    expect(newPasswordProblem('194912', { length: 6 })).toBeUndefined();
  });
});
