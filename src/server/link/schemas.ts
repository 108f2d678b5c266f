import * as z from 'zod';
import { isMobileNumber, isValidIdCard } from '../../flow';
import { LINK_MODES } from '../../flow';
import type { LINK_STATES } from '../../flow';
import { PROVIDER_NAMES } from '../../providers/types';
import { ApplicantSchema } from '../session/record';

/**
 * The lender API (server to server). Its messages are English: lender engineers read them, and
 * a refused request names the first bad path (`allowedOrigins.0`) and why.
 */

const USER_ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,64}$/;
// Printable text only: these values reach an upstream form and, masked, our logs.
const PLAIN_TEXT = /^[^\p{Cc}\p{Cf}]+$/u;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why `value` is not an origin a lender page may frame the widget from, or undefined when it is. */
export function originProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an origin such as https://lender.example';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) origin such as https://lender.example';
  if (url.origin !== value) {
    return `must be exactly an origin as browsers write it (lower case, no default port, no path or trailing slash): ${url.origin}`;
  }
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    return 'must use https (http is allowed only for localhost, 127.0.0.1 and [::1])';
  }
  return undefined;
}

const OriginSchema = z.string().superRefine((value, context) => {
  const problem = originProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const MobileSchema = z.string().refine(isMobileNumber, { error: 'must be a mainland China mobile number (11 digits, e.g. 13800138000)' });

const TextSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .regex(PLAIN_TEXT, { error: 'must not contain control characters' });

// Emergency contacts as vendors take them: phone, name and relationship (free text: the vendor
// documents list no values; a sample answers "配偶").
const ContactSchema = z.strictObject({
  phone: MobileSchema,
  name: z.optional(TextSchema(40)),
  relationship: z.optional(TextSchema(20)),
});

const LinkApplicantSchema = z.strictObject({
  name: z.optional(TextSchema(40)),
  idCard: z.optional(
    z
      .string()
      .refine(isValidIdCard, { error: 'must be a valid 18-character resident ID number (check character included)' })
      .transform((value) => value.toUpperCase()),
  ),
  contacts: z.optional(
    z.array(ContactSchema).min(1, { error: 'must list 1 to 10 contacts' }).max(10, { error: 'must list 1 to 10 contacts' }),
  ),
});

export const LOCALES = ['zh-CN', 'en'] as const;

/** POST /api/link-tokens; `maxTtlSeconds` is LINK_TOKEN_TTL_SECONDS. Unknown keys are refused so typos surface. */
export function createLinkTokenRequestSchema(maxTtlSeconds: number) {
  return z
    .strictObject({
      userId: z.string().regex(USER_ID_PATTERN, { error: 'must be 1 to 64 characters of A-Z, a-z, 0-9, _ . : @ -' }),
      allowedOrigins: z.array(OriginSchema).min(1, { error: 'must list 1 to 10 origins' }).max(10, { error: 'must list 1 to 10 origins' }),
      phone: z.optional(MobileSchema),
      applicant: z.optional(LinkApplicantSchema),
      locale: z.optional(z.enum(LOCALES, { error: `must be one of: ${LOCALES.join(', ')}` })),
      expiresInSeconds: z.optional(
        z
          .int({ error: 'must be a whole number of seconds' })
          .min(60, { error: 'must be at least 60' })
          .max(maxTtlSeconds, { error: `must be at most ${maxTtlSeconds} (LINK_TOKEN_TTL_SECONDS)` }),
      ),
    })
    .superRefine((request, context) => {
      request.allowedOrigins.forEach((origin, index) => {
        if (request.allowedOrigins.indexOf(origin) !== index) {
          context.addIssue({ code: 'custom', path: ['allowedOrigins', index], message: 'repeats an earlier origin' });
        }
      });
      request.applicant?.contacts?.forEach((contact, index) => {
        if (contact.phone === request.phone) {
          context.addIssue({
            code: 'custom',
            path: ['applicant', 'contacts', index, 'phone'],
            message: "must not be the applicant's own number",
          });
        }
      });
    });
}
export type CreateLinkTokenRequest = z.infer<ReturnType<typeof createLinkTokenRequestSchema>>;

/** 201 answer of POST /api/link-tokens. */
export interface CreateLinkTokenResponse {
  /** `lt_` + 43 base64url; single use. Give it to the browser (embed.js `linkToken`). */
  linkToken: string;
  /** The id the session will have; the embed `success` event reports it again. */
  sessionId: string;
  expiresAt: string;
}

/** A refused lender request: the first problem, as `path: why`, and the path alone for `field`. */
export function describeIssue(error: z.ZodError): { message: string; field: string | undefined } {
  const issue = error.issues[0];
  if (!issue) return { message: 'invalid request', field: undefined };
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const field = path.length > 0 ? path.map(String).join('.') : undefined;
  const why = issue.code === 'unrecognized_keys' ? 'is not a known key' : issue.message;
  return { message: `${field ?? 'body'}: ${why}`, field };
}

/** Parse-time messages: a missing value says so plainly instead of "received undefined". */
export const missingIsRequired = (issue: { code: string; input?: unknown }): string | undefined =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;

/**
 * A link as stored, keyed by sha256(link token). Plain JSON, so a SQLite store can hold it as text;
 * it holds personal data the lender supplied, so it never leaves the server whole.
 */
export const LinkRecordSchema = z.object({
  /** The session this link opens takes this id. */
  sessionId: z.string().min(1),
  lenderId: z.string().min(1),
  /** The applicant's id at the lender (the request's userId); never sent upstream. */
  lenderUserId: z.string().min(1),
  allowedOrigins: z.array(z.string()).min(1).max(10),
  /** The number the lender fixed; the widget shows it locked and the start must use it. */
  phone: z.optional(z.string()),
  applicant: z.optional(ApplicantSchema),
  locale: z.optional(z.enum(LOCALES)),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** Set once, atomically, by the start that used the link. */
  usedAt: z.optional(z.iso.datetime()),
  /** `lnk_` + random: names the link in consent records (absent on links created before it existed). */
  linkId: z.optional(z.string().min(1)),
  /** Absent: a first authorization. `update`: `phone` is the earlier session's and never leaves the server. */
  mode: z.optional(z.enum(LINK_MODES)),
  /** Update mode: the completed session this link refreshes. */
  previousSessionId: z.optional(z.string().min(1)),
  /** Update mode: the vendor that served the earlier session, used again when it is still configured. */
  provider: z.optional(z.enum(PROVIDER_NAMES)),
});
export type LinkRecord = z.infer<typeof LinkRecordSchema>;
export type LinkState = (typeof LINK_STATES)[number];

/** Used wins over expired: a used link stays used. */
export function linkState(record: LinkRecord, now: number): LinkState {
  if (record.usedAt !== undefined) return 'used';
  return Date.parse(record.expiresAt) <= now ? 'expired' : 'unused';
}
