import * as z from 'zod/mini';
import { ERROR_CODES } from './errors';
import { ErrorGuidanceShape } from './fields';

export const ErrorCodeSchema = z.enum(ERROR_CODES);

/** The error block of a failed API call or a failed terminal step. */
export const ApiErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  retryable: z.boolean(),
  upstreamCode: z.optional(z.string()),
  /** The field id a refused submission (422) concerns, so the widget shows it there. */
  field: z.optional(z.string()),
  /** Seconds to wait, as the Retry-After header of a 429 says. */
  retryAfterSeconds: z.optional(z.number().check(z.int(), z.nonnegative())),
  ...ErrorGuidanceShape,
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
