import * as z from 'zod/mini';
import { DemoSettingsSchema } from './demo';
import { FieldActionSchema, FieldValueSchema } from './fields';
import { ApiErrorSchema } from './errors-schema';
import { StepSchema } from './step';
import { isMobileNumber } from './phone';
import { LINK_MODES, LINK_STATES, LINK_TOKEN_PATTERN, SHA256_HEX } from './constants';

/**
 * The widget <-> server JSON API. Every route validates its input with these schemas and
 * every answer is one of these shapes; the widget parses answers with them too.
 *
 *   POST /api/sessions                                         StartSessionRequest -> StartSessionResponse (201)
 *   GET  /api/session                                          -> StepResponse
 *   POST /api/session/steps/:stepId                            SubmitStepRequest -> StepResponse
 *   POST /api/session/steps/:stepId/fields/:fieldId/:action    -> StepResponse
 *   POST /api/session/steps/:stepId/cancel                     -> StepResponse (leave a cancellable step)
 *   POST /api/session/restart                                  -> StepResponse
 *   DELETE /api/session                                        -> 204 (cancel: the applicant changes number; idempotent)
 *   POST /api/session/handoff                                  HandoffRequest -> HandoffResponse (flow/page.ts)
 *   GET  /api/link                                             -> LinkInfoResponse (Bearer <link token>)
 *   GET  /api/demo/config                                      -> DemoConfigResponse (src/flow/demo.ts; demo mode only)
 *
 * The session is named by `Authorization: Bearer <token>`. Failures answer ErrorResponse.
 *
 * Embedded: the lender's server creates a link token (POST /api/link-tokens, server to
 * server, src/server/link); the widget page is opened with `?link_token=`, reads the link with
 * GET /api/link (prefill, allowed parent origins) and names it in POST /api/sessions, which uses
 * it up: a link token opens exactly one session.
 */
export const ConsentSchema = z.object({
  /** Version of the agreement text the user accepted. */
  agreementVersion: z.string().check(z.minLength(1), z.maxLength(32)),
  acceptedAt: z.iso.datetime(),
  /**
   * SHA-256 (hex) of the agreement text exactly as shown, in the locale shown; absent where the
   * browser has no WebCrypto (non-secure contexts, never the case when embedded over https).
   */
  textHash: z.optional(z.string().check(z.regex(SHA256_HEX))),
});
export type Consent = z.infer<typeof ConsentSchema>;

export const StepParamsSchema = z.object({ stepId: z.string().check(z.minLength(1), z.maxLength(64)) });

export const LinkTokenSchema = z.string().check(z.regex(LINK_TOKEN_PATTERN));

export const StartSessionRequestSchema = z.object({
  /**
   * The number to authorize. Omitted only for an update link (`LinkInfoResponse.mode` 'update'):
   * its number stays on the server and the start uses it; any other start without it is refused (422).
   */
  phone: z.optional(z.string().check(z.refine(isMobileNumber, 'not a Chinese mobile number'))),
  consent: ConsentSchema,
  locale: z.optional(z.enum(['zh-CN', 'en'])),
  /**
   * The link token the page was opened with. Used up by this call; when the link fixed a phone
   * number, `phone` must be that number.
   */
  linkToken: z.optional(LinkTokenSchema),
  /** Demo mode: run on a built-in simulator with latency and a fault; 400 when demo mode is off. */
  demo: z.optional(DemoSettingsSchema),
});
export type StartSessionRequest = z.infer<typeof StartSessionRequestSchema>;

export const StepResponseSchema = z.object({
  step: StepSchema,
  /** Server clock, so countdowns to server-issued instants are right on a skewed device. */
  serverTime: z.iso.datetime(),
});
export type StepResponse = z.infer<typeof StepResponseSchema>;

export const StartSessionResponseSchema = z.object({
  token: z.string().check(z.minLength(16)),
  step: StepSchema,
  serverTime: z.iso.datetime(),
});
export type StartSessionResponse = z.infer<typeof StartSessionResponseSchema>;

/** A one-time hand-off code (flow/page.ts): `ho_` + 32 random bytes base64url. */
export const HandoffRequestSchema = z.object({ code: z.string().check(z.regex(/^ho_[A-Za-z0-9_-]{43}$/)) });
export type HandoffRequest = z.infer<typeof HandoffRequestSchema>;

/**
 * The session the server started from the phone form posted before the widget's script ran: its
 * token (new, never in a URL), step, the number the applicant typed and the consent recorded.
 */
export const HandoffResponseSchema = z.object({
  ...StartSessionResponseSchema.shape,
  phone: z.string(),
  consent: ConsentSchema,
});
export type HandoffResponse = z.infer<typeof HandoffResponseSchema>;

/** GET /api/link (Authorization: Bearer <link token>). */
export const LinkInfoResponseSchema = z.object({
  state: z.enum(LINK_STATES),
  /** Exact origins allowed to frame the widget for this link (also its CSP frame-ancestors). */
  allowedOrigins: z.array(z.string()).check(z.minLength(1), z.maxLength(10)),
  /** The number the lender fixed, only while the link is unused; the phone step shows it locked. */
  phone: z.optional(z.string()),
  /** The lender's preferred locale, if it set one. */
  locale: z.optional(z.enum(['zh-CN', 'en'])),
  expiresAt: z.iso.datetime(),
  /** Absent for a first authorization. */
  mode: z.optional(z.enum(LINK_MODES)),
  /**
   * Update mode, while the link is unused: the earlier session's number masked (138****5678). The
   * full number never reaches the browser; the start omits `phone` and the server uses its own.
   */
  maskedPhone: z.optional(z.string().check(z.regex(/^1\d{2}\*{4}\d{4}$/))),
});
export type LinkInfoResponse = z.infer<typeof LinkInfoResponseSchema>;

export const SubmitStepRequestSchema = z.object({
  values: z.record(z.string().check(z.minLength(1), z.maxLength(64)), FieldValueSchema),
});
export type SubmitStepRequest = z.infer<typeof SubmitStepRequestSchema>;

export const FieldActionParamsSchema = z.object({
  stepId: z.string().check(z.minLength(1), z.maxLength(64)),
  fieldId: z.string().check(z.minLength(1), z.maxLength(64)),
  action: FieldActionSchema,
});
export type FieldActionParams = z.infer<typeof FieldActionParamsSchema>;

export const ErrorResponseSchema = z.object({ error: ApiErrorSchema });
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
