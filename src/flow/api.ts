import * as z from 'zod/mini';
import { FieldActionSchema, FieldValueSchema } from './fields';
import { ApiErrorSchema } from './errors';
import { StepSchema } from './step';
import { isMobileNumber } from './phone';

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
 *
 * The session is named by `Authorization: Bearer <token>`. Failures answer ErrorResponse.
 */
export const SESSION_HEADER = 'authorization';

export const ConsentSchema = z.object({
  /** Version of the agreement text the user accepted. */
  agreementVersion: z.string().check(z.minLength(1), z.maxLength(32)),
  acceptedAt: z.iso.datetime(),
});
export type Consent = z.infer<typeof ConsentSchema>;

export const StepParamsSchema = z.object({ stepId: z.string().check(z.minLength(1), z.maxLength(64)) });

export const StartSessionRequestSchema = z.object({
  phone: z.string().check(z.refine(isMobileNumber, 'not a Chinese mobile number')),
  consent: ConsentSchema,
  locale: z.optional(z.enum(['zh-CN', 'en'])),
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

export const MAX_VALUE_LENGTH = 256;
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
