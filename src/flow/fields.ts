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
  'text',
] as const;
export const FieldKindSchema = z.enum(FIELD_KINDS);
export type FieldKind = z.infer<typeof FieldKindSchema>;

/** A per-field action the widget can trigger without submitting the step. */
export const FIELD_ACTIONS = ['refresh', 'resend'] as const;
export const FieldActionSchema = z.enum(FIELD_ACTIONS);
export type FieldAction = z.infer<typeof FieldActionSchema>;

/** An error shown at one field (or at the step when `field` is absent). */
export const FieldErrorSchema = z.object({
  /** Neutral error code; the widget localizes it, falling back to `message`. */
  code: z.string(),
  /** zh-CN message, used when the widget has no catalogue entry for `code`. */
  message: z.string(),
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
  TextFieldSchema,
]);
export type Field = z.infer<typeof FieldSchema>;
export type FieldOf<K extends FieldKind> = Extract<Field, { kind: K }>;

/** Kinds whose value is a secret: cleared after the upstream rejects it, never echoed back. */
export const SECRET_FIELD_KINDS: ReadonlySet<FieldKind> = new Set<FieldKind>([
  'servicePassword',
  'smsCode',
  'imageCaptcha',
]);
