// The step model's constants, with no zod: what the widget's first load, the SSR page, the demo
// gallery and the dashboard read without loading a schema. The schemas (flow/schemas.ts) are built
// from these lists; a test proves this module and the flow entry reach no zod.

/**
 * Field kinds the widget knows how to render. Adding one here fails compilation until the
 * widget's renderer registry (`Record<FieldKind, Renderer>`) has an entry for it.
 */
export const FIELD_KINDS = [
  'phone',
  'servicePassword',
  'imageCaptcha',
  'smsCode',
  'name',
  'idCard',
  'select',
  'contacts',
  'newPassword',
  'text',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/**
 * A per-field action the widget can trigger without submitting the step: refresh a captcha, resend
 * an SMS code, or open the password-recovery steps from a service-password field.
 */
export const FIELD_ACTIONS = ['refresh', 'resend', 'recover'] as const;
export type FieldAction = (typeof FIELD_ACTIONS)[number];

/**
 * How a user who forgot the service password can recover it:
 * - `inline`: the `recover` action opens recovery steps in the widget;
 * - `hotline`: the widget explains how to reset it with the carrier (10086 / 10010 / 10000).
 */
export const PASSWORD_RECOVERY_MODES = ['inline', 'hotline'] as const;
export type PasswordRecoveryMode = (typeof PASSWORD_RECOVERY_MODES)[number];

export const TEXT_INPUT_MODES = ['text', 'numeric', 'decimal', 'email', 'tel'] as const;
export type TextInputMode = (typeof TEXT_INPUT_MODES)[number];

/** Kinds whose value is a secret: cleared after the upstream rejects it, never echoed back. */
export const SECRET_FIELD_KINDS: ReadonlySet<FieldKind> = new Set<FieldKind>(['servicePassword', 'smsCode', 'imageCaptcha', 'newPassword']);

/** What submitting a form step does, so the button can say so. */
export const SUBMIT_INTENTS = ['continue', 'login', 'requestSms', 'verify'] as const;
export type SubmitIntent = (typeof SUBMIT_INTENTS)[number];

/** What a form step is part of: the authorization itself, or recovering a forgotten password. */
export const STEP_PURPOSES = ['authorize', 'recoverPassword'] as const;
export type StepPurpose = (typeof STEP_PURPOSES)[number];

/** The header naming the session: `Authorization: Bearer <session token>`. */
export const SESSION_HEADER = 'authorization';

/** SHA-256, lowercase hex. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** `lt_` + 32 random bytes base64url. */
export const LINK_TOKEN_PATTERN = /^lt_[A-Za-z0-9_-]{43}$/;

/**
 * What a link opens: a first authorization, or an update (a monthly refresh of an applicant who
 * authorized before: the number is the earlier session's, kept on the server and shown masked).
 */
export const LINK_MODES = ['initial', 'update'] as const;
export type LinkMode = (typeof LINK_MODES)[number];

/** Where a link token stands. Known links answer even when used or expired (the page still needs its origins). */
export const LINK_STATES = ['unused', 'used', 'expired'] as const;

export type LinkState = (typeof LINK_STATES)[number];

/** The longest single value a step submission may carry. */
export const MAX_VALUE_LENGTH = 256;
