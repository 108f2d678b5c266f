import * as z from 'zod';
import { parseJsonLenient } from '../shared/json-lenient';
import { UpstreamError } from '../upstream-error';

// Schemas of Dianhua 邦秒爬 answers, vendor names verbatim. They accept every form of the document
// and of vendor-notes.md and normalize as they go: flags to booleans, durations to seconds or
// undefined, empty strings to undefined, PHP's `[]` for an empty object to `{}`.

/** `status` of a successful answer (document §1.1). */
export const DIANHUA_OK = 0;
/** §20: the sid is authorized already (您已认证成功，请勿重复). */
export const DIANHUA_ALREADY_AUTHORIZED = 20017;
/** The token was refused (§20): refresh it once and retry once. */
export const DIANHUA_TOKEN_INVALID = 4000;

/** An integer that may arrive as a numeric string. */
export const IntegerLikeSchema = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\s*-?\d+\s*$/)
    .transform((value) => Number(value)),
]);

/** Any scalar as a trimmed string; null and "" mean absent. */
export const TextSchema = z
  .union([z.string(), z.number(), z.boolean()])
  .nullish()
  .transform((value) => {
    const text = value === null || value === undefined ? '' : String(value).trim();
    return text === '' ? undefined : text;
  });

/** `need_*`: 0/1 as numbers or strings (or booleans); absent means 0. */
const FlagSchema = z
  .union([z.number(), z.string(), z.boolean()])
  .nullish()
  .transform((value) => value === true || (value !== false && value !== null && value !== undefined && Number(value) === 1));

/**
 * `sms_duration`: a number (120), a numeric string ("120") or "" (vendor-notes). A positive value
 * means an SMS code is required and resend is locked for that many seconds; 0 (§3.5's example,
 * beside need_pin_pwd 1) and "" mean no SMS.
 */
const DurationSchema = z
  .union([z.number(), z.string().regex(/^\s*(\d+(\.\d+)?)?\s*$/)])
  .nullish()
  .transform((value) => {
    const seconds = value === null || value === undefined || value === '' ? 0 : Math.ceil(Number(value));
    return seconds > 0 ? seconds : undefined;
  });

/** PHP encodes an empty associative array as `[]`: read it as `{}`. */
function objectOf<T extends z.ZodRawShape>(shape: T) {
  return z.preprocess(
    (value) => (value === null || value === undefined || (Array.isArray(value) && value.length === 0) ? {} : value),
    z.object(shape),
  );
}

/** Token answer data (§2.6). `expires` is `YYYY-MM-DD HH:mm:ss`, Beijing time. */
export const TokenDataSchema = z.object({
  token: z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().min(1).max(512)),
  expires: TextSchema,
});
export type DianhuaTokenData = z.infer<typeof TokenDataSchema>;

/** `calls/flow` (§3.4): what the login step asks for. §6.3 calls the password flag `need_pwd`: both are read. */
export const FlowDataSchema = objectOf({
  sid: z.string().min(1).max(128),
  need_pin_pwd: FlagSchema,
  need_pwd: FlagSchema,
  need_full_name: FlagSchema,
  need_id_card: FlagSchema,
  sms_duration: DurationSchema,
  /** Raw base64 or a full `data:image/...` URI (vendor-notes). */
  captcha_image: TextSchema,
  /** Jilin Telecom: how the user obtains the SMS code by texting. */
  verify_notes: TextSchema,
}).transform(({ need_pwd: needPwd, ...data }) => ({ ...data, need_pin_pwd: data.need_pin_pwd || needPwd }));
export type DianhuaFlowData = z.infer<typeof FlowDataSchema>;

/** `calls/login` (§6.4) and `calls/verify` (§7.4): what the next verification asks for, if anything. */
export const VerifyDataSchema = objectOf({
  sms_duration: DurationSchema,
  captcha_image: TextSchema,
  verify_notes: TextSchema,
  content: TextSchema,
});
export type DianhuaVerifyData = z.infer<typeof VerifyDataSchema>;

/** `calls/verify/captcha` (§5.4). */
export const CaptchaDataSchema = objectOf({ captcha_image: TextSchema });

/** `calls/verify/sms` (§4.4, deprecated by the vendor). */
export const SmsDataSchema = objectOf({ sms_duration: DurationSchema, verify_notes: TextSchema });

/** Every `forget/pwd` answer (§8.4-§12.5) repeats this whole object. */
export const ForgetDataSchema = objectOf({
  tid: TextSchema,
  need_new_pwd: FlagSchema,
  need_contacts: FlagSchema,
  sms_duration: DurationSchema,
  login_sms_duration: DurationSchema,
  /** E.g. "the new password was sent by SMS", or Shanghai Telecom's plain-text new password. */
  content: TextSchema,
});
export type DianhuaForgetData = z.infer<typeof ForgetDataSchema>;

/** The envelope as the client hands it on; `data` is read by the caller with one of the schemas above. */
export interface DianhuaAnswer {
  /** 0 on success, a §20 code otherwise. */
  status: number;
  /** Trimmed and lower-cased; missing means `processing` (old answers, vendor-notes). */
  action: string;
  msg: string | undefined;
  data: unknown;
}

/** Reads an answer envelope (§1.1). The token answer of §2.6 has no envelope at all: it counts as status 0. */
export function parseAnswer(body: string): DianhuaAnswer {
  const json = parseJsonLenient(body);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UpstreamError('invalid', 'upstream answer is not a JSON object');
  }
  const record = json as Record<string, unknown>;
  if (record['status'] === undefined && typeof record['token'] === 'string') {
    return { status: DIANHUA_OK, action: 'processing', msg: undefined, data: record };
  }
  const status = IntegerLikeSchema.safeParse(record['status']);
  if (!status.success) throw new UpstreamError('invalid', 'upstream answer has no numeric status');
  const action = typeof record['action'] === 'string' ? record['action'].trim().toLowerCase() : '';
  const msg = record['msg'];
  return {
    status: status.data,
    action: action === '' ? 'processing' : action,
    msg: typeof msg === 'string' || typeof msg === 'number' ? String(msg) : undefined,
    data: record['data'],
  };
}

/** Reads `data` with `schema`; a wrong shape is an invalid answer, described without its values. */
export function parseData<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const where = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new UpstreamError('invalid', `upstream data has an unexpected shape (${where.slice(0, 3).join('; ')})`);
}

/** Beijing time (UTC+8, no daylight saving) `YYYY-MM-DD HH:mm:ss` as epoch milliseconds. */
export function parseBeijingTime(text: string | undefined): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text?.trim() ?? '');
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h - 8, mi, s);
}

/** Epoch milliseconds as Beijing time `YYYY-MM-DD HH:mm:ss` (the simulator's `expires`). */
export function formatBeijingTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}
