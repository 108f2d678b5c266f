import * as z from 'zod/mini';
import { FIELD_ACTIONS, FIELD_KINDS, PASSWORD_RECOVERY_MODES, TEXT_INPUT_MODES, MAX_VALUE_LENGTH } from './constants';
import type { FieldKind } from './constants';

export const FieldKindSchema = z.enum(FIELD_KINDS);

export const FieldActionSchema = z.enum(FIELD_ACTIONS);

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

/** A submitted value: one string, or several for `contacts`. */
export const FieldValueSchema = z.union([
  z.string().check(z.maxLength(MAX_VALUE_LENGTH)),
  z.array(z.string().check(z.maxLength(32))).check(z.maxLength(10)),
]);
export type FieldValue = z.infer<typeof FieldValueSchema>;
