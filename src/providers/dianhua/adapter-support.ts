import type { FieldValue, FlowError } from '../../flow';
import type { Applicant } from '../types';
import { UpstreamError } from '../upstream-error';
import { mapUpstreamError } from './errors';

export type Result<T> = { ok: true; value: T } | { ok: false; error: FlowError };

/** Runs upstream work; a transport failure or an unreadable answer becomes a retryable FlowError, never a throw. */
export async function guarded<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof UpstreamError) return { ok: false, error: mapUpstreamError(error) };
    throw error;
  }
}

/** A field value as one string (lists only come from `contacts` fields). */
export function stringOf(value: FieldValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** A field value as a list of trimmed, distinct, non-empty strings. */
export function listOf(value: FieldValue | undefined): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return [...new Set(items.map((item) => item.replace(/[\s-]/g, '')).filter(Boolean))];
}

/**
 * The calls/flow request (§3.3): `tel` and `uid`, plus `user_info` / `user_contact` when the lender
 * knows them. Those nested values go as JSON, the only form seen working live (vendor-notes).
 */
export function flowRequest(
  phone: string,
  userId: string,
  applicant: Applicant | undefined,
): { json?: Record<string, unknown>; form: Record<string, string> } {
  const form = { tel: phone, uid: userId };
  const info = Object.fromEntries(
    Object.entries({
      user_name: applicant?.name,
      user_idcard: applicant?.idCard,
      user_province: applicant?.province,
      user_city: applicant?.city,
      user_address: applicant?.address,
    }).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== ''),
  );
  const contacts = (applicant?.contacts ?? []).map((contact) => ({
    contact_tel: contact.phone,
    ...(contact.name !== undefined && { contact_name: contact.name }),
    ...(contact.relationship !== undefined && { contact_relationship: contact.relationship }),
    ...(contact.priority !== undefined && { contact_priority: contact.priority }),
  }));
  if (Object.keys(info).length === 0 && contacts.length === 0) return { form };
  return {
    form,
    json: { ...form, ...(Object.keys(info).length > 0 && { user_info: info }), ...(contacts.length > 0 && { user_contact: contacts }) },
  };
}
