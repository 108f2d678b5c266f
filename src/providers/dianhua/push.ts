import { PushRejected } from '../data-model';
import type { ParsedPush } from '../data-model';
import { parseJsonLenient } from '../shared/json-lenient';
import { decryptAes, encryptAes, looksLikeCiphertext } from './push-crypto';
import type { DianhuaAes } from './push-crypto';
import { RecordDataSchema, StatusPushSchema } from './wire-data';

export type { DianhuaAes } from './push-crypto';

// Dianhua's pushes (document §14 result, §18 report status, §19 auth status; vendor-notes): plain
// JSON, or AES/CBC base64 when agreed with Dianhua. The receiver answers `ok`. A push is a hint:
// the collector confirms it through calls/record.

export interface DianhuaPushOptions {
  /** The `yulore_flag` query parameter (auth | report) Dianhua appends when both pushes share one URL. */
  yuloreFlag?: string | null;
  /** When set, encrypted bodies are accepted; plain JSON still is (vendor-notes: it is the fallback). */
  aes?: DianhuaAes;
}

/** Fields an encrypted body may be wrapped in. */
const WRAPPER_FIELDS = ['data', 'encrypt', 'content'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The plain JSON a simulator (or a test) sends when pushes are encrypted: base64 text. */
export function encryptDianhuaPush(plainJson: string, aes: DianhuaAes): string {
  return encryptAes(plainJson, aes);
}

function decrypt(ciphertext: string, aes: DianhuaAes | undefined): Record<string, unknown> {
  if (!aes) throw new PushRejected('push body is encrypted but no AES key is configured');
  const plain = decryptAes(ciphertext, aes);
  if (plain === undefined) throw new PushRejected('push body could not be decrypted with the configured AES key');
  const json = parseJsonLenient(plain);
  if (!isRecord(json)) throw new PushRejected('decrypted push body is not a JSON object');
  return json;
}

/** The ciphertext inside a wrapper object (`{"data": "<base64>"}`), if that is what `json` is. */
function wrapped(json: Record<string, unknown>): { field: string; ciphertext: string } | undefined {
  for (const field of WRAPPER_FIELDS) {
    const value = json[field];
    if (typeof value === 'string' && looksLikeCiphertext(value)) return { field, ciphertext: value };
  }
  return undefined;
}

/** The push as a JSON object, decrypted whatever its wrapping. */
function decode(rawBody: string, aes: DianhuaAes | undefined): Record<string, unknown> {
  const text = rawBody.trim();
  if (text === '') throw new PushRejected('push body is empty');
  const json = parseJsonLenient(text);
  if (json === undefined) {
    if (looksLikeCiphertext(text)) return decrypt(text, aes);
    throw new PushRejected('push body is neither JSON nor base64 ciphertext');
  }
  if (typeof json === 'string') {
    if (looksLikeCiphertext(json)) return decrypt(json, aes);
    throw new PushRejected('push body is a JSON string that is not base64 ciphertext');
  }
  if (!isRecord(json)) throw new PushRejected('push body is not a JSON object');
  const inner = wrapped(json);
  if (!inner) return json;
  const decrypted = decrypt(inner.ciphertext, aes);
  // A whole push inside the wrapper, or only the result data inside an envelope carrying `status`.
  if ('status' in decrypted || !('status' in json)) return decrypted;
  const { [inner.field]: _ciphertext, ...envelope } = json;
  return { ...envelope, data: decrypted };
}

/** Our sids come from Dianhua and are short; anything longer, or with control characters, is not one. */
const MAX_SID_LENGTH = 128;

function checkedSid(sid: string): string {
  // eslint-disable-next-line no-control-regex
  if (sid.length > MAX_SID_LENGTH || /[\u0000-\u001f\u007f]/.test(sid)) throw new PushRejected('push sid is not a valid sid');
  return sid;
}

function statusOf(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d{1,9}\s*$/.test(value)) return Number(value);
  throw new PushRejected('push status is missing or not an integer');
}

/**
 * Reads a Dianhua push: a §14 result (`{status, msg, data: <calls/record data>}`, kind `result`)
 * or a status push `{status, sid, tel, uid}` whose kind `yulore_flag` names (`status` without it).
 * Throws PushRejected, in English and never quoting the body, when it cannot be read.
 */
export function parseDianhuaPush(rawBody: string, options: DianhuaPushOptions = {}): ParsedPush {
  const body = decode(rawBody, options.aes);
  const data = body['data'];
  if (isRecord(data)) {
    const status = statusOf(body['status']);
    const record = RecordDataSchema.safeParse(data);
    if (!record.success) throw new PushRejected('result push data has an unexpected shape (needs data.sid and call records)');
    return { kind: 'result', upstreamKey: checkedSid(record.data.sid), status, ok: status === 0, body };
  }
  const status = statusOf(body['status']);
  const push = StatusPushSchema.safeParse(body);
  if (!push.success) throw new PushRejected('status push has an unexpected shape (needs status and sid)');
  const flag = options.yuloreFlag?.trim().toLowerCase();
  const kind = flag === 'auth' || flag === 'report' ? flag : 'status';
  return { kind, upstreamKey: checkedSid(push.data.sid), status, ok: status === 0, body };
}
