import { maskPhone } from '../../flow';
import type { Step } from '../../flow';
import { StepSchema } from '../../flow/schemas';
import type { SessionRecord } from './record';

/**
 * Whether the browser of this session must never see its number in full: an update link's session
 * runs on the number of an earlier authorization, which the applicant did not type on this device
 * (the link shows it masked, GET /api/link and the hand-off answer it masked). A demo update
 * session plays the same for the designers' gallery.
 */
export function hidesPhone(record: Pick<SessionRecord, 'link' | 'demo'>): boolean {
  return record.link?.previousSessionId !== undefined || record.demo?.update === true;
}

/**
 * The number as vendors and carriers write it inside a sentence: its 11 digits, maybe grouped by
 * spaces or hyphens ("138 0013 8000"), maybe after +86 / 0086, never part of a longer digit run.
 */
function phonePattern(phone: string): RegExp | undefined {
  if (!/^\d{7,}$/.test(phone)) return undefined;
  const digits = phone.split('').join('[\\s-]?');
  return new RegExp(`(?<!\\d)(?:(?:\\+|00)?86[\\s-]?)?${digits}(?!\\d)`, 'g');
}

function maskStrings(value: unknown, pattern: RegExp, masked: string): unknown {
  if (typeof value === 'string') {
    // A captcha picture is a data URI: its base64 is no sentence and must stay intact.
    return value.startsWith('data:') ? value : value.replace(pattern, masked);
  }
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, pattern, masked));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item, pattern, masked)]));
  }
  return value;
}

/**
 * The step with `phone` masked wherever it stands: labels, hints, notices, SMS hints ("验证码已发送至
 * 13800138000"), error messages and instructions, a vendor's pre-filled phone field. A phone field
 * pre-filled with the number becomes locked: the browser cannot send back what it never had, and
 * the server puts the number in on submission (validate-values.ts). Other numbers are left alone.
 */
export function maskPhoneInStep(step: Step, phone: string): Step {
  const pattern = phonePattern(phone);
  if (!pattern) return step;
  const masked = maskPhone(phone);
  const replaced = StepSchema.parse(maskStrings(step, pattern, masked));
  if (replaced.type !== 'form') return replaced;
  const fields = replaced.fields.map((field) => (field.kind === 'phone' && field.value === masked ? { ...field, locked: true } : field));
  return { ...replaced, fields };
}

/** The step as this session's browser may see it. */
export function stepForBrowser(step: Step, record: Pick<SessionRecord, 'link' | 'demo' | 'phone'>): Step {
  return hidesPhone(record) ? maskPhoneInStep(step, record.phone) : step;
}
