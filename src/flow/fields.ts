import * as z from 'zod/mini';

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
export const FieldKindSchema = z.enum(FIELD_KINDS);
export type FieldKind = z.infer<typeof FieldKindSchema>;

/**
 * A per-field action the widget can trigger without submitting the step: refresh a captcha, resend
 * an SMS code, or open the password-recovery steps from a service-password field.
 */
export const FIELD_ACTIONS = ['refresh', 'resend', 'recover'] as const;
export const FieldActionSchema = z.enum(FIELD_ACTIONS);
export type FieldAction = z.infer<typeof FieldActionSchema>;

/** An error shown at one field (or at the step when `field` is absent). */
/**
 * What an error can add beyond its code: when another try makes sense, how many tries a guard still
 * allows, and what the vendor told the applicant to do outside the widget. Shared by field, step and
 * API errors.
 */
export const ErrorGuidanceShape = {
  /** Server-clock instant before which another try is refused or pointless (rate limit, "24小时后重试"). */
  retryAt: z.optional(z.iso.datetime()),
  /** Tries left before a guard stops them (wrong service passwords, SMS sends for this number). */
  attemptsLeft: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** The vendor's instruction, verbatim and never a secret (e.g. "请拨打10086重置服务密码"). */
  instruction: z.optional(z.string().check(z.maxLength(200))),
};

export const FieldErrorSchema = z.object({
  /** Neutral error code; the widget localizes it, falling back to `message`. */
  code: z.string(),
  /** zh-CN message, used when the widget has no catalogue entry for `code`. */
  message: z.string(),
  ...ErrorGuidanceShape,
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

const base = {
  /** Form key of this field within its step; opaque to the widget. */
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Upstream title; when absent the widget uses its own label for the kind. */
  label: z.optional(z.string()),
  /** Short placeholder-like hint. */
  hint: z.optional(z.string()),
  /** Longer instruction shown under the input (e.g. "enter the result of the sum"). */
  detailHint: z.optional(z.string()),
  required: z.boolean(),
  error: z.optional(FieldErrorSchema),
};

export const PhoneFieldSchema = z.object({
  ...base,
  kind: z.literal('phone'),
  /** Pre-filled value (never a secret). */
  value: z.optional(z.string()),
  locked: z.optional(z.boolean()),
});

/**
 * How a user who forgot the service password can recover it:
 * - `inline`: the `recover` action opens recovery steps in the widget;
 * - `hotline`: the widget explains how to reset it with the carrier (10086 / 10010 / 10000).
 */
export const PASSWORD_RECOVERY_MODES = ['inline', 'hotline'] as const;
export type PasswordRecoveryMode = (typeof PASSWORD_RECOVERY_MODES)[number];

export const ServicePasswordFieldSchema = z.object({
  ...base,
  kind: z.literal('servicePassword'),
  recovery: z.optional(z.enum(PASSWORD_RECOVERY_MODES)),
});

export const ImageCaptchaFieldSchema = z.object({
  ...base,
  kind: z.literal('imageCaptcha'),
  /** The captcha picture as a `data:` URI. */
  image: z.string().check(z.startsWith('data:image/')),
  /** Whether the picture can be refreshed through the `refresh` action. */
  refreshable: z.boolean(),
});

/** The user obtains the SMS code by texting `body` to `to` themselves (e.g. Jilin Telecom). */
export const SmsInstructionSchema = z.object({
  to: z.string().check(z.regex(/^\d{3,20}$/)),
  body: z.string().check(z.minLength(1), z.maxLength(70)),
});
export type SmsInstruction = z.infer<typeof SmsInstructionSchema>;

export const SmsResendSchema = z.object({
  /** Whether a code has been sent for this step already ("重新获取" vs "获取验证码"). */
  sent: z.boolean(),
  /** Server-authoritative ISO instant from which `resend` is accepted; null = now. */
  allowedAt: z.nullable(z.iso.datetime()),
  /**
   * How a new code is obtained: the `resend` field action (default), or, where the upstream has no
   * safe resend, starting the authorization again (`POST /api/session/restart`) once `allowedAt`
   * has passed.
   */
  via: z.optional(z.enum(['action', 'restart'])),
});
export type SmsResend = z.infer<typeof SmsResendSchema>;

export const SmsCodeFieldSchema = z.object({
  ...base,
  kind: z.literal('smsCode'),
  /** Present when the code can be (re)sent through the `resend` action. */
  resend: z.optional(SmsResendSchema),
  instruction: z.optional(SmsInstructionSchema),
});

export const NameFieldSchema = z.object({ ...base, kind: z.literal('name') });
export const IdCardFieldSchema = z.object({ ...base, kind: z.literal('idCard') });

export const SelectFieldSchema = z.object({
  ...base,
  kind: z.literal('select'),
  options: z.array(z.object({ label: z.string(), value: z.string() })).check(z.minLength(1)),
});

/** Several mobile numbers (e.g. contacts called 5-90 days ago); its value is a string array. */
export const ContactsFieldSchema = z.object({
  ...base,
  kind: z.literal('contacts'),
  /** How many numbers the user must give, and may give. */
  min: z.number().check(z.int(), z.minimum(1), z.maximum(10)),
  max: z.number().check(z.int(), z.minimum(1), z.maximum(10)),
});

/** A new service password, checked by `newPasswordProblem` before it is sent. */
export const NewPasswordFieldSchema = z.object({
  ...base,
  kind: z.literal('newPassword'),
  /** Digits the carrier wants: 6, or 8 for a few (e.g. Guangdong Mobile prepaid). */
  length: z.union([z.literal(6), z.literal(8)]),
});

export const TEXT_INPUT_MODES = ['text', 'numeric', 'decimal', 'email', 'tel'] as const;
/** Fallback for anything the widget has no dedicated renderer for, labelled from the upstream. */
export const TextFieldSchema = z.object({
  ...base,
  kind: z.literal('text'),
  inputMode: z.optional(z.enum(TEXT_INPUT_MODES)),
  /** Render masked (the upstream said this is a secret). */
  secret: z.optional(z.boolean()),
});

export const FieldSchema = z.discriminatedUnion('kind', [
  PhoneFieldSchema,
  ServicePasswordFieldSchema,
  ImageCaptchaFieldSchema,
  SmsCodeFieldSchema,
  NameFieldSchema,
  IdCardFieldSchema,
  SelectFieldSchema,
  ContactsFieldSchema,
  NewPasswordFieldSchema,
  TextFieldSchema,
]);
export type Field = z.infer<typeof FieldSchema>;
export type FieldOf<K extends FieldKind> = Extract<Field, { kind: K }>;

/** Kinds whose value is a secret: cleared after the upstream rejects it, never echoed back. */
export const SECRET_FIELD_KINDS: ReadonlySet<FieldKind> = new Set<FieldKind>(['servicePassword', 'smsCode', 'imageCaptcha', 'newPassword']);

/** A submitted value: one string, or several for `contacts`. */
export const FieldValueSchema = z.union([
  z.string().check(z.maxLength(256)),
  z.array(z.string().check(z.maxLength(32))).check(z.maxLength(10)),
]);
export type FieldValue = z.infer<typeof FieldValueSchema>;
