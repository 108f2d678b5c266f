import * as z from 'zod';
import { NextSchema } from './wire';

/** Resend bookkeeping of one SMS field (mirrors the flow's SmsResend). */
export const ResendStateSchema = z.object({
  sent: z.boolean(),
  /** ISO instant from which a resend is accepted; null = now. */
  allowedAt: z.string().nullable(),
});
export type ResendState = z.infer<typeof ResendStateSchema>;

/**
 * The adapter's whole memory of a session. It holds the service password and Rong360's hidden
 * values, so it stays on the server: steps are rebuilt from it, never copied out of it.
 */
export const Rong360StateSchema = z.object({
  phone: z.string(),
  userId: z.string(),
  /** `login`: the password step; `next`: following `next`; `done`: authorized. */
  stage: z.enum(['login', 'next', 'done']),
  /** Values the user gave earlier, by vendor key (the password, name, ID card; no one-time codes). */
  inputs: z.record(z.string(), z.string()),
  /** The step Rong360 asked for last (vendor shape, captcha images included). */
  next: NextSchema.optional(),
  /** By SMS field key. */
  resend: z.record(z.string(), ResendStateSchema),
});
export type Rong360State = z.infer<typeof Rong360StateSchema>;
