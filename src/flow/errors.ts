import type { FieldKind } from './constants';

/**
 * Neutral error codes. Provider adapters map vendor codes onto these; the widget localizes them.
 * A vendor code outside every table maps to `upstream_error` with the vendor's own message.
 */
export const ERROR_CODES = [
  // field errors the user can correct
  'password_incorrect',
  'sms_code_incorrect',
  'captcha_incorrect',
  'identity_incorrect',
  'input_invalid',
  'new_password_invalid',
  'new_password_same',
  'contacts_incorrect',
  // SMS delivery
  'sms_send_failed',
  'sms_rate_limited',
  'sms_code_expired',
  'sms_code_still_valid',
  'captcha_load_failed',
  // account state (the user must act with the carrier)
  'account_locked',
  'password_too_simple',
  'password_initial',
  'password_not_set',
  'not_real_name_verified',
  'number_not_found',
  'number_unsupported',
  'too_many_attempts',
  'account_abnormal',
  'query_forbidden',
  'logged_in_elsewhere',
  'already_authorized',
  'number_busy',
  // password recovery
  'recovery_unsupported',
  'recovery_failed',
  // upstream health
  'upstream_unavailable',
  'upstream_maintenance',
  'upstream_timeout',
  'upstream_invalid_response',
  'upstream_error',
  /** Our own vendor credentials or signature were refused: an operator must act. */
  'upstream_misconfigured',
  // link tokens (embedding)
  /** The link token is unknown (mistyped, or purged long after expiry). */
  'link_not_found',
  /** The link token already opened a session: link tokens are single-use. */
  'link_used',
  'link_expired',
  /** This server only opens sessions from a link token (REQUIRE_LINK_TOKEN=true). */
  'link_required',
  /** Lender API: missing or unknown API key. */
  'unauthorized',
  // session
  'session_expired',
  'session_not_found',
  'step_outdated',
  'action_unavailable',
  'action_too_early',
  /** A server-side abuse limit refused the action (429 with Retry-After); `retryAt` says until when. */
  'rate_limited',
  'busy',
  'bad_request',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Which field of the current step an upstream error concerns. */
export const ERROR_TARGETS = ['password', 'smsCode', 'captcha', 'identity', 'newPassword', 'contacts', 'none'] as const;
export type ErrorTarget = (typeof ERROR_TARGETS)[number];

/**
 * Where an error of each target shows: on the first field of these kinds the step has, in this
 * order, else on the step itself. The session service places errors by it; the demo catalogue
 * predicts places by it.
 */
export const ERROR_TARGET_KINDS = {
  password: ['servicePassword'],
  smsCode: ['smsCode'],
  captcha: ['imageCaptcha'],
  identity: ['idCard', 'name'],
  newPassword: ['newPassword'],
  contacts: ['contacts'],
  none: [],
} as const satisfies Readonly<Record<ErrorTarget, readonly FieldKind[]>>;

/**
 * What the user can do about an error:
 * - `field`: correct the concerned field and submit the same step again;
 * - `step`: submit the same step again unchanged (transient upstream trouble);
 * - `restart`: start the authorization over;
 * - `none`: nothing now (e.g. locked for 24 hours).
 */
export const RETRY_MODES = ['field', 'step', 'restart', 'none'] as const;
export type RetryMode = (typeof RETRY_MODES)[number];

/** A mapped error as adapters produce it. */
export interface FlowError {
  code: ErrorCode;
  target: ErrorTarget;
  retry: RetryMode;
  /** zh-CN message for the user. */
  message: string;
  /** The vendor's own code, kept for support (never a secret). */
  upstreamCode?: string;
  /** A wait the vendor's message names ("24小时", "20分钟", "明天"), in seconds from now. */
  waitSeconds?: number;
  /** What the vendor told the applicant to do outside the widget ("拨打10086"), verbatim. */
  instruction?: string;
}
