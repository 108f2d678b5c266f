import { describe, expect, it } from 'vitest';
import type { Field, FieldValue } from '../../../flow';
import { checkValues } from '../validate-values';

const PHONE = '13800138000';
const ID_CARD = '11010519491231002X';
const fields: Field[] = [
  { id: 'tel', kind: 'phone', required: true, value: PHONE, locked: true },
  { id: 'pwd', kind: 'servicePassword', required: true },
  { id: 'sms', kind: 'smsCode', required: true },
  { id: 'id', kind: 'idCard', required: true },
  { id: 'note', kind: 'text', required: false },
  { id: 'plan', kind: 'select', required: true, options: [{ label: '甲', value: 'a' }] },
];
const good = { pwd: ' 1 ', sms: '1234', id: '11010519491231002x', plan: 'a' };
const ctx = { phone: PHONE };

describe('checkValues', () => {
  it('accepts a complete submission, fills omitted optional and locked fields, upper-cases the ID card', () => {
    expect(checkValues(fields, good, ctx)).toEqual({
      ok: true,
      values: { tel: PHONE, pwd: ' 1 ', sms: '1234', id: ID_CARD, note: '', plan: 'a' },
      idCard: ID_CARD,
    });
  });

  it.each([
    [{ ...good, extra: 'x' }, 'extra', '未知字段'],
    [{ ...good, pwd: '' }, 'pwd', '请填写'],
    [{ ...good, sms: '123' }, 'sms', '4到8位'],
    [{ ...good, sms: '123456789' }, 'sms', '4到8位'],
    [{ ...good, id: '110105194912310021' }, 'id', '校验位'],
    [{ ...good, id: '110105194913310021' }, 'id', '出生日期'],
    [{ ...good, plan: 'b' }, 'plan', '不在可选范围'],
    [{ ...good, tel: '13900139000' }, 'tel', '不可修改'],
    [{ ...good, tel: '1390' }, 'tel', '手机号'],
    [{ ...good, pwd: ['123456'] }, 'pwd', '格式不正确'],
  ])('refuses %j naming field %s', (values, fieldId, words) => {
    const result = checkValues(fields, values, ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result).toMatchObject({ fieldId, code: 'input_invalid' });
    expect(result.message).toContain(fieldId);
    expect(result.message).toContain(words);
  });
});

describe('checkValues for the masked, locked number of an update session', () => {
  const masked: Field[] = [{ id: 'tel', kind: 'phone', required: true, value: '138****8000', locked: true }];

  it('sends the number the server holds, whether the field is left out or sent back as shown', () => {
    for (const values of [{}, { tel: '138****8000' }, { tel: PHONE }] as Array<Record<string, string>>) {
      expect(checkValues(masked, values, ctx)).toEqual({ ok: true, values: { tel: PHONE } });
    }
  });

  it('refuses another number, and a mask that is not of this number', () => {
    expect(checkValues(masked, { tel: '13900139000' }, ctx)).toMatchObject({
      ok: false,
      fieldId: 'tel',
      message: expect.stringContaining('不可修改'),
    });
    expect(checkValues(masked, {}, { phone: '13900138000' })).toMatchObject({ ok: false, fieldId: 'tel' });
  });
});

describe('checkValues for contacts', () => {
  const contacts: Field[] = [{ id: 'tels', kind: 'contacts', required: true, min: 2, max: 3 }];
  const check = (value: FieldValue) => checkValues(contacts, { tels: value }, ctx);

  it('accepts min..max distinct numbers, normalizing what a user pastes and dropping blank inputs', () => {
    expect(check(['139 1234 5678', '+8618611112222', ''])).toEqual({ ok: true, values: { tels: ['13912345678', '18611112222'] } });
    expect(check(['13912345678', '18611112222', '15055556666'])).toMatchObject({ ok: true });
  });

  it.each([
    [['13912345678'], '应填写2到3个'],
    [['13912345678', '18611112222', '15055556666', '15055556667'], '应填写2到3个'],
    [['13912345678', '12345'], '无效的手机号'],
    [['13912345678', '139-1234-5678'], '重复'],
    [['13912345678', PHONE], '本机号码'],
    [['', ' '], '请填写'],
    ['13912345678', '格式不正确'],
  ] as const)('refuses %j as input_invalid on the contacts field', (value, words) => {
    const result = check(typeof value === 'string' ? value : [...value]);
    expect(result).toMatchObject({ ok: false, fieldId: 'tels', code: 'input_invalid' });
    if (!result.ok) expect(result.message).toContain(words);
  });

  it('gives an omitted optional contacts field an empty list', () => {
    expect(checkValues([{ id: 'tels', kind: 'contacts', required: false, min: 1, max: 3 }], {}, ctx)).toEqual({
      ok: true,
      values: { tels: [] },
    });
  });
});

describe('checkValues for a new service password', () => {
  const six: Field[] = [{ id: 'npw', kind: 'newPassword', required: true, length: 6 }];
  const check = (value: string, idCard?: string, f: Field[] = six) => checkValues(f, { npw: value }, { phone: PHONE, idCard });

  it('accepts a password the carrier rules allow', () => {
    expect(check('368024', ID_CARD)).toEqual({ ok: true, values: { npw: '368024' } });
    expect(check('36802417', ID_CARD, [{ id: 'npw', kind: 'newPassword', required: true, length: 8 }])).toMatchObject({ ok: true });
  });

  it.each([
    ['123456', undefined, '顺序或倒序'],
    ['654321', undefined, '顺序或倒序'],
    ['888888', undefined, '同一个数字'],
    ['380013', undefined, '手机号'],
    ['519491', ID_CARD, '身份证号'],
    ['12a456', undefined, '数字'],
    ['36802', undefined, '6位'],
  ])('refuses %s as new_password_invalid on its field', (value, idCard, words) => {
    const result = check(value, idCard);
    expect(result).toMatchObject({ ok: false, fieldId: 'npw', code: 'new_password_invalid' });
    if (!result.ok) expect(result.message).toContain(words);
  });

  it('checks against an ID card given in the same submission', () => {
    const both: Field[] = [{ id: 'id', kind: 'idCard', required: true }, ...six];
    expect(checkValues(both, { id: ID_CARD, npw: '519491' }, ctx)).toMatchObject({
      ok: false,
      fieldId: 'npw',
      code: 'new_password_invalid',
    });
  });

  it('asks for a missing one as input_invalid', () => {
    expect(check('')).toMatchObject({ ok: false, fieldId: 'npw', code: 'input_invalid' });
  });
});
