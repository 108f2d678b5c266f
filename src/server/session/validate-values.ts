import { idCardProblem, isMobileNumber, maskPhone, newPasswordProblem, normalizePhoneInput } from '../../flow';
import type { Field, FieldKind, FieldOf, FieldValue, NewPasswordProblem } from '../../flow';

/** What a submission is checked against besides its fields. */
export interface ValuesContext {
  /** The applicant's own number: never one of their contacts, never inside a new password. */
  phone: string;
  /** The last ID-card number this session knows (never inside a new password). */
  idCard?: string;
}

export type ValuesCheck =
  | {
      ok: true;
      /** A value for every field: a string array for `contacts`, a string otherwise. */
      values: Record<string, FieldValue>;
      /** The ID-card number this submission carried, normalized, if any. */
      idCard?: string;
    }
  | { ok: false; fieldId: string; code: 'input_invalid' | 'new_password_invalid'; message: string };

const KIND_NAMES: Record<FieldKind, string> = {
  phone: '手机号',
  servicePassword: '服务密码',
  imageCaptcha: '图片验证码',
  smsCode: '短信验证码',
  name: '姓名',
  idCard: '身份证号',
  select: '选项',
  contacts: '联系人手机号',
  newPassword: '新服务密码',
  text: '输入项',
};

const ID_CARD_PROBLEMS = { format: '格式不正确', birthDate: '出生日期不正确', checkDigit: '校验位不正确' } as const;

const NEW_PASSWORD_PROBLEMS: Record<Exclude<NewPasswordProblem, 'length'>, string> = {
  digits: '只能由数字组成',
  repeated: '不能是同一个数字重复',
  sequence: '不能是顺序或倒序排列的数字',
  phoneDigits: '不能包含手机号中连续的6位数字',
  idCardDigits: '不能包含身份证号中连续的6位数字',
};

/**
 * The value a locked, pre-filled phone field stands for. An update session's browser only ever saw
 * the applicant's number masked (phone-mask.ts): that mask means the number the server holds.
 */
function lockedPhone(field: FieldOf<'phone'>, phone: string): string | undefined {
  if (!field.locked || field.value === undefined) return undefined;
  return field.value !== phone && field.value === maskPhone(phone) ? phone : field.value;
}

/** Why a non-empty string value does not fit its field's kind, or undefined when it fits. */
function kindProblem(field: Field, value: string, phone: string): string | undefined {
  switch (field.kind) {
    case 'phone': {
      if (!isMobileNumber(value)) return '不是有效的手机号';
      const locked = lockedPhone(field, phone);
      if (locked !== undefined && value !== locked) return '不可修改';
      return undefined;
    }
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
    case 'newPassword':
    case 'contacts':
    case 'text':
      return undefined;
  }
}

/** Blank entries are dropped (an unused input); the rest must be distinct numbers other than the applicant's. */
function contactsProblem(field: FieldOf<'contacts'>, raw: readonly string[], phone: string): { problem?: string; value: string[] } {
  const value = raw.map(normalizePhoneInput).filter((entry) => entry !== '');
  const count = field.min === field.max ? `${field.min}个` : `${field.min}到${field.max}个`;
  if (value.length < field.min || value.length > field.max) return { problem: `应填写${count}手机号`, value };
  if (!value.every(isMobileNumber)) return { problem: '中有无效的手机号', value };
  if (new Set(value).size !== value.length) return { problem: '中有重复的号码', value };
  if (value.includes(phone)) return { problem: '不能包含本机号码', value };
  return { value };
}

/**
 * Checks a submission against the current step's fields before anything goes upstream: every
 * required field present and non-empty, no unknown keys, each value of the right type and fitting
 * its kind, a new password not "simple". The result holds a value for every field (empty for an
 * omitted optional one), as adapters expect. A refusal names the field it concerns.
 */
export function checkValues(fields: readonly Field[], values: Readonly<Record<string, FieldValue>>, context: ValuesContext): ValuesCheck {
  const known = new Set(fields.map((f) => f.id));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) return { ok: false, fieldId: key, code: 'input_invalid', message: `未知字段：${key}` };
  }
  const name = (field: Field) => `${field.label ?? KIND_NAMES[field.kind]}（${field.id}）`;
  const refuse = (field: Field, message: string, code: 'input_invalid' | 'new_password_invalid' = 'input_invalid') =>
    ({ ok: false, fieldId: field.id, code, message: `${name(field)}${message}` }) as const;
  const missing = (field: Field) => ({ ok: false, fieldId: field.id, code: 'input_invalid', message: `请填写${name(field)}` }) as const;

  const out: Record<string, FieldValue> = {};
  let idCard: string | undefined;
  const newPasswords: Array<[FieldOf<'newPassword'>, string]> = [];
  for (const field of fields) {
    let value = values[field.id];
    // A locked, pre-filled phone may be left out of the submission, or sent back as it was shown.
    if (field.kind === 'phone') {
      const locked = lockedPhone(field, context.phone);
      if (locked !== undefined && (value === undefined || value === field.value)) value = locked;
    }
    if (field.kind === 'contacts') {
      if (typeof value === 'string') return refuse(field, '格式不正确');
      const entries = value ?? [];
      if (entries.every((entry) => entry.trim() === '')) {
        if (field.required) return missing(field);
        out[field.id] = [];
        continue;
      }
      const checked = contactsProblem(field, entries, context.phone);
      if (checked.problem) return refuse(field, checked.problem);
      out[field.id] = checked.value;
      continue;
    }
    if (Array.isArray(value)) return refuse(field, '格式不正确');
    if (value === undefined || value.trim() === '') {
      if (field.required) return missing(field);
      out[field.id] = '';
      continue;
    }
    const problem = kindProblem(field, value, context.phone);
    if (problem) return refuse(field, problem);
    if (field.kind === 'idCard') idCard = value.toUpperCase();
    if (field.kind === 'newPassword') newPasswords.push([field, value]);
    out[field.id] = field.kind === 'idCard' ? value.toUpperCase() : value;
  }
  // After the loop, so an ID card given in this very submission counts too.
  for (const [field, value] of newPasswords) {
    const problem = newPasswordProblem(value, { length: field.length, phone: context.phone, idCard: idCard ?? context.idCard });
    if (problem === 'length') return refuse(field, `应为${field.length}位数字`, 'new_password_invalid');
    if (problem) return refuse(field, NEW_PASSWORD_PROBLEMS[problem], 'new_password_invalid');
  }
  return idCard === undefined ? { ok: true, values: out } : { ok: true, values: out, idCard };
}
