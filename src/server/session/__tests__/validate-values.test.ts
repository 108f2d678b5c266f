import { describe, expect, it } from 'vitest';
import type { Field } from '../../../flow';
import { checkValues } from '../validate-values';

const fields: Field[] = [
  { id: 'tel', kind: 'phone', required: true, value: '13800138000', locked: true },
  { id: 'pwd', kind: 'servicePassword', required: true },
  { id: 'sms', kind: 'smsCode', required: true },
  { id: 'id', kind: 'idCard', required: true },
  { id: 'note', kind: 'text', required: false },
  { id: 'plan', kind: 'select', required: true, options: [{ label: '甲', value: 'a' }] },
];
const good = { pwd: ' 1 ', sms: '1234', id: '11010519491231002x', plan: 'a' };

describe('checkValues', () => {
  it('accepts a complete submission, fills omitted optional and locked fields, upper-cases the ID card', () => {
    expect(checkValues(fields, good)).toEqual({
      ok: true,
      values: { tel: '13800138000', pwd: ' 1 ', sms: '1234', id: '11010519491231002X', note: '', plan: 'a' },
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
  ])('refuses %j naming field %s', (values, fieldId, words) => {
    const result = checkValues(fields, values);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldId).toBe(fieldId);
    expect(result.message).toContain(fieldId);
    expect(result.message).toContain(words);
  });
});
