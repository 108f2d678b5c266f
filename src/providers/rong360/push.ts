import { PushRejected } from '../data-model';
import type { ParsedPush } from '../data-model';

// Rong360's `notice_url` callback (vendor-notes, "Data and callback"): a form POST of `user_id` and
// `status`, 2 meaning the crawl succeeded; answered with the bare body `success`. Unsigned, so it is
// only a hint: the collector confirms through getdata.

/** `status` of a notice whose crawl succeeded. */
export const RONG360_NOTICE_OK = 2;
/** Our own user ids are short; anything longer is not one of ours. */
const MAX_USER_ID_LENGTH = 128;

/** One form value: a string (or number); a repeated field or anything else is refused. */
function single(form: Readonly<Record<string, unknown>>, name: string): string {
  const value = form[name];
  if (value === undefined || value === null) throw new PushRejected(`notice has no ${name}`);
  if (Array.isArray(value)) throw new PushRejected(`notice has ${name} more than once`);
  if (typeof value !== 'string' && typeof value !== 'number') throw new PushRejected(`notice ${name} is not a single text value`);
  return String(value).trim();
}

/** Reads a notice form; throws PushRejected (English, never quoting values) when it is unusable. */
export function parseRong360Notice(form: Readonly<Record<string, unknown>>): ParsedPush {
  const userId = single(form, 'user_id');
  if (userId === '') throw new PushRejected('notice user_id is empty');
  // A user id is ours, printable; control characters mean a forged or mangled notice.
  // eslint-disable-next-line no-control-regex
  if (userId.length > MAX_USER_ID_LENGTH || /[\u0000-\u001f\u007f]/.test(userId)) {
    throw new PushRejected('notice user_id is not a valid user id');
  }
  const statusText = single(form, 'status');
  if (!/^-?\d{1,9}$/.test(statusText)) throw new PushRejected('notice status is not an integer');
  const status = Number(statusText);
  return { kind: 'notice', upstreamKey: userId, status, ok: status === RONG360_NOTICE_OK, body: { ...form } };
}
