import * as z from 'zod';

/** An SMS code the upstream sent: how long resend stays locked, or how the user obtains it (Jilin). */
export const SmsAskSchema = z.object({
  seconds: z.number().int().positive(),
  /** verify_notes: the user texts a code to the carrier instead of waiting for one. */
  notes: z.string().optional(),
});
export type SmsAsk = z.infer<typeof SmsAskSchema>;

/** What a calls/flow answer asked for (the login step). */
export const LoginAskSchema = z.object({
  pin: z.boolean(),
  name: z.boolean(),
  idCard: z.boolean(),
  /** The captcha picture as a data URI. */
  captcha: z.string().optional(),
  sms: SmsAskSchema.optional(),
});
export type LoginAsk = z.infer<typeof LoginAskSchema>;

/** What a calls/login or calls/verify answer asked for (a second-verification round). */
export const VerifyAskSchema = z.object({ captcha: z.string().optional(), sms: SmsAskSchema.optional() });
export type VerifyAsk = z.infer<typeof VerifyAskSchema>;

/** Server-side SMS resend bookkeeping of the current step (never trusted from the browser). */
export const ResendStateSchema = z.object({
  /** ISO instant from which a resend is accepted. */
  allowedAt: z.string(),
  /** Resends through calls/verify/sms so far in this sid. */
  count: z.number().int().nonnegative(),
});
export type ResendState = z.infer<typeof ResendStateSchema>;

export const RECOVERY_ASKS = ['identity', 'sms', 'loginSms', 'contacts', 'newPassword'] as const;
export type RecoveryAsk = (typeof RECOVERY_ASKS)[number];

export const RecoveryStateSchema = z.object({
  /** forget/pwd's id, once the identity step passed. */
  tid: z.string().optional(),
  ask: z.enum(RECOVERY_ASKS),
  /** Digits of the new password (30002 asks for 8, 30003 for 6). */
  length: z.union([z.literal(6), z.literal(8)]),
});
export type RecoveryState = z.infer<typeof RecoveryStateSchema>;

const ApplicantSchema = z.object({
  name: z.string().optional(),
  idCard: z.string().optional(),
  province: z.string().optional(),
  city: z.string().optional(),
  address: z.string().optional(),
  contacts: z
    .array(
      z.object({ phone: z.string(), name: z.string().optional(), relationship: z.string().optional(), priority: z.number().optional() }),
    )
    .optional(),
});

/**
 * The adapter's whole memory of a session. It holds the sid, the tid and personal data, so it stays
 * on the server; steps are rebuilt from it. The service password is never kept: after a `reset`
 * the user types it again.
 */
export const DianhuaStateSchema = z.object({
  phone: z.string(),
  userId: z.string(),
  /** What the lender knows of the applicant; sent again whenever calls/flow is re-run. */
  applicant: ApplicantSchema.optional(),
  /** `login` (calls/flow answered), `verify` (second verification), `recover` (forget/pwd), `done`. */
  stage: z.enum(['login', 'verify', 'recover', 'done']),
  sid: z.string(),
  login: LoginAskSchema,
  verify: VerifyAskSchema.optional(),
  resend: ResendStateSchema.optional(),
  /** Name and ID card given so far (login or recovery): new-password checks, recovery reuse. */
  identity: z.object({ name: z.string().optional(), idCard: z.string().optional() }),
  recovery: RecoveryStateSchema.optional(),
  /** Shown on the login step (after a `reset`, after a recovery). */
  notice: z.string().optional(),
  /**
   * The new service password a recovery's carrier answered in plain text (上海电信, §9.4 `content`):
   * shown on the login step until the applicant submits it, then forgotten.
   */
  recoveredPassword: z.object({ password: z.string().optional(), message: z.string() }).optional(),
});
export type DianhuaState = z.infer<typeof DianhuaStateSchema>;
