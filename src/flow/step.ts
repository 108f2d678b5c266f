import * as z from 'zod/mini';
import { STEP_PURPOSES, SUBMIT_INTENTS } from './constants';
import { FieldErrorSchema, FieldSchema } from './fields';
import { ApiErrorSchema } from './errors-schema';

export const SubmitIntentSchema = z.enum(SUBMIT_INTENTS);

/**
 * The applicant's new service password when a recovery's carrier answered it in plain text
 * (上海电信: the recovery answer's `content`, per the vendor README): shown to the applicant on the login step that follows, never
 * logged, stored beyond that step or sent to the lender.
 */
export const RecoveredPasswordSchema = z.object({
  /** The password as found in the carrier's message, when it could be told apart. */
  password: z.optional(z.string().check(z.minLength(4), z.maxLength(16))),
  /** The carrier's message, verbatim. */
  message: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type RecoveredPassword = z.infer<typeof RecoveredPasswordSchema>;

export const FormStepSchema = z.object({
  type: z.literal('form'),
  /** Absent means `authorize`. */
  purpose: z.optional(z.enum(STEP_PURPOSES)),
  /** The step can be left (`POST .../cancel`), e.g. back from password recovery to the login step. */
  cancellable: z.optional(z.boolean()),
  /** Server-assigned; a submission names the step it answers, so stale submits are refused. */
  id: z.string(),
  /** Bumped each time the same step comes back (with an error, a new captcha, a resend). */
  revision: z.number().check(z.int(), z.nonnegative()),
  intent: SubmitIntentSchema,
  fields: z.array(FieldSchema).check(z.minLength(1), z.maxLength(12)),
  /** Upstream's informational message for this step, if any. */
  notice: z.optional(z.string()),
  recoveredPassword: z.optional(RecoveredPasswordSchema),
  /** An error not tied to one field. */
  error: z.optional(FieldErrorSchema),
});
export type FormStep = z.infer<typeof FormStepSchema>;

/** What the lender's page learns when authorization succeeds (the embed `success` event). */
export const AuthorizationResultSchema = z.object({
  /** CarrierLink's session id (the one the link-token call returned). */
  sessionId: z.string().check(z.minLength(1), z.maxLength(64)),
  /** The upstream's crawl task id (the vendor's crawl or session id), for support and data retrieval. */
  taskId: z.string().check(z.minLength(1), z.maxLength(128)),
});
export type AuthorizationResult = z.infer<typeof AuthorizationResultSchema>;

export const AuthorizedStepSchema = z.object({
  type: z.literal('authorized'),
  id: z.string(),
  /** Set by the session service on every authorized step it answers. */
  result: z.optional(AuthorizationResultSchema),
});
export type AuthorizedStep = z.infer<typeof AuthorizedStepSchema>;

export const FailedStepSchema = z.object({
  type: z.literal('failed'),
  id: z.string(),
  error: ApiErrorSchema,
  /** Whether "start again" is offered. */
  canRestart: z.boolean(),
});
export type FailedStep = z.infer<typeof FailedStepSchema>;

export const StepSchema = z.discriminatedUnion('type', [FormStepSchema, AuthorizedStepSchema, FailedStepSchema]);
export type Step = z.infer<typeof StepSchema>;
