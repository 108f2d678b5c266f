import { idCardProblem, isMobileNumber } from '../../flow';
import type { Field, FieldKind } from '../../flow';

export type ValuesCheck =
  | { ok: true; values: Record<string, string> }
  | { ok: false; fieldId: string; message: string };

const KIND_NAMES: Record<FieldKind, string> = {
  phone: '手机号',
  servicePassword: '服务密码',
  imageCaptcha: '图片验证码',
  smsCode: '短信验证码',
  name: '姓名',
  idCard: '身份证号',
  select: '选项',
  text: '输入项',
};

const ID_CARD_PROBLEMS = { format: '格式不正确', birthDate: '出生日期不正确', checkDigit: '校验位不正确' } as const;

/** Why a non-empty value does not fit its field's kind, or undefined when it fits. */
function kindProblem(field: Field, value: string): string | undefined {
  switch (field.kind) {
    case 'phone':
      if (!isMobileNumber(value)) return '不是有效的手机号';
      if (field.locked && field.value !== undefined && value !== field.value) return '不可修改';
      return undefined;
    case 'idCard': {
      const problem = idCardProblem(value);
      return problem ? ID_CARD_PROBLEMS[problem] : undefined;
    }
    case 'smsCode':
      return /^\d{4,8}$/.test(value) ? undefined : '应为4到8位数字';
    case 'select':
      return field.options.some((o) => o.value === value) ? undefined : '不在可选范围内';
    case 'name':
      return Array.from(value.trim()).length <= 40 ? undefined : '过长';
    case 'servicePassword':
    case 'imageCaptcha':
    case 'text':
      return undefined;
  }
}

/**
 * Checks a submission against the current step's fields before anything goes upstream: every
 * required field present and non-empty, no unknown keys, each value fits its kind. The result holds
 * a value for every field (empty for an omitted optional one), as adapters expect.
 */
export function checkValues(fields: readonly Field[], values: Readonly<Record<string, string>>): ValuesCheck {
  const known = new Set(fields.map((f) => f.id));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) return { ok: false, fieldId: key, message: `未知字段：${key}` };
  }
  const out: Record<string, string> = {};
  for (const field of fields) {
    const name = `${field.label ?? KIND_NAMES[field.kind]}（${field.id}）`;
    let value = values[field.id];
    // A locked, pre-filled phone may be left out of the submission.
    if (value === undefined && field.kind === 'phone' && field.locked && field.value !== undefined) {
      value = field.value;
    }
    if (value === undefined || value.trim() === '') {
      if (field.required) return { ok: false, fieldId: field.id, message: `请填写${name}` };
      out[field.id] = '';
      continue;
    }
    const problem = kindProblem(field, value);
    if (problem) return { ok: false, fieldId: field.id, message: `${name}${problem}` };
    out[field.id] = field.kind === 'idCard' ? value.toUpperCase() : value;
  }
  return { ok: true, values: out };
}
