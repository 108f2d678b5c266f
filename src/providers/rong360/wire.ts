import * as z from 'zod';
import { parseJsonLenient } from '../shared/json-lenient';
import { UpstreamError } from '../upstream-error';

export { parseJsonLenient } from '../shared/json-lenient';

// Schemas of Rong360 `crawler.api.mobile.v4` answers, vendor names verbatim. They accept every form
// of the document and of vendor-notes.md, and normalize as they go (numeric strings to numbers,
// null to absent), so that parsing an already-parsed value again gives the same value: the
// adapter's persisted state reuses NextSchema.

/** The success code of every envelope (`error` or `code`). */
export const RONG360_OK = 200;

/** A number that may arrive as a numeric string ("200", "8"). */
const IntegerLikeSchema = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\s*-?\d+\s*$/)
    .transform((value) => Number(value)),
]);

/** Any scalar, kept as a string; null means absent. */
const TextSchema = z
  .union([z.string(), z.number(), z.boolean()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? undefined : String(value)));

/** `param.type`: a number, a numeric string ("8"), or anything else (rendered as text). */
const ParamTypeSchema = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value) => {
    if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
    return value ?? undefined;
  });

const KeyValueSchema = z.object({
  key: z.string().min(1).max(64),
  value: TextSchema.transform((value) => value ?? ''),
});

const OptionSchema = z.object({ title: TextSchema, value: TextSchema.transform((value) => value ?? '') });

function listOf<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(item)
    .max(max)
    .nullish()
    .transform((value) => value ?? []);
}

export const ParamSchema = z.object({
  key: z.string().min(1).max(64),
  type: ParamTypeSchema,
  title: TextSchema,
  hint: TextSchema,
  detail_hint: TextSchema,
  /** For type 8: the captcha, raw base64 (sometimes already a `data:` URI). */
  value: TextSchema,
  refresh_method: TextSchema,
  /** Echoed exactly to `refresh_method`. */
  refresh_param: listOf(KeyValueSchema, 32),
  options: listOf(OptionSchema, 200),
  need_write_back: TextSchema,
  v_code: TextSchema,
});
export type Rong360Param = z.infer<typeof ParamSchema>;

/** `hidden` entries may come without `value` (`{"key":"password"}`): the client fills it in. */
export const HiddenSchema = z.object({ key: z.string().min(1).max(64), value: TextSchema });
export type Rong360Hidden = z.infer<typeof HiddenSchema>;

export const NextSchema = z.object({
  method: z.string().min(1).max(128),
  // At most 12: the step model's limit, so an oversized step is refused here, not half-rendered.
  param: listOf(ParamSchema, 12),
  hidden: listOf(HiddenSchema, 64),
});
export type Rong360Next = z.infer<typeof NextSchema>;

/** The object under the payload key (see `payloadKeyIn`) of a successful answer. */
export const PayloadSchema = z
  .object({
    next: NextSchema.nullish().transform((value) => value ?? undefined),
    /** refreshPicCode's new image (document §3.4.4's example; its table spells it `pic_ode`). */
    pic_code: TextSchema,
    pic_ode: TextSchema,
    status_id: z
      .union([z.number(), z.string().min(1)])
      .nullish()
      .transform((value) => (value === null || value === undefined ? undefined : String(value))),
  })
  .transform(({ pic_ode: typo, pic_code: picCode, ...rest }) => {
    const image = picCode ?? typo;
    return { ...rest, ...(image !== undefined && { pic_code: image }) };
  });
export type Rong360Payload = z.infer<typeof PayloadSchema>;

/** An answer as the client hands it on: the envelope read, the payload not yet interpreted. */
export interface Rong360Answer {
  /** `error` (or `code`): 200 on success, an appendix-A code otherwise. */
  code: number;
  msg: string | null;
  /** The object under the payload key (see `payloadKeyIn`). */
  payload: unknown;
}

/** The key of a method's payload on the live service: dots to underscores plus `_response`. */
export function payloadKeyOf(method: string): string {
  return `${method.replace(/\./g, '_')}_response`;
}

/**
 * Where an envelope keeps its payload. The live service and the document's examples name it after
 * the method (`crawler_api_mobile_v4_login_response`, `crawler_api_mobile_login_response`: found by the
 * `_response` suffix, vendor-notes); the document's tables (§2.2, §3.1.3, §3.3.4, §3.4.4) call it
 * `response`; §3.1.5 example 4 and §3.2.3's table put it under `data`.
 */
export function payloadKeyIn(envelope: Readonly<Record<string, unknown>>): string | undefined {
  const keys = Object.keys(envelope);
  return keys.find((key) => key.endsWith('_response')) ?? keys.find((key) => key === 'response' || key === 'data');
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The envelope fields of a parsed answer: `error` or `code` (a number or numeric string), `msg`, the payload. */
export function readEnvelope(json: unknown): Rong360Answer {
  if (!isRecord(json)) throw new UpstreamError('invalid', 'upstream answer is not a JSON object');
  const error = IntegerLikeSchema.safeParse(json['error']);
  const code = error.success ? error : IntegerLikeSchema.safeParse(json['code']);
  if (!code.success) throw new UpstreamError('invalid', 'upstream answer has no numeric error/code');
  const msg = json['msg'];
  const key = payloadKeyIn(json);
  return {
    code: code.data,
    msg: typeof msg === 'string' ? msg : typeof msg === 'number' ? String(msg) : null,
    payload: key === undefined ? undefined : json[key],
  };
}

export function parseAnswer(body: string): Rong360Answer {
  return readEnvelope(parseJsonLenient(body));
}

/** Reads a successful answer's payload; an absent payload is an empty one (document §3.6.4). */
export function parsePayload(payload: unknown): Rong360Payload {
  const result = PayloadSchema.safeParse(payload ?? {});
  if (result.success) return result.data;
  // Paths and zod messages only: never the offending values.
  const where = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new UpstreamError('invalid', `upstream payload has an unexpected shape (${where.slice(0, 3).join('; ')})`);
}
