import * as z from 'zod';
import { ConsentSchema, StepSchema } from '../../flow';
import { PROVIDER_NAMES } from '../../providers/types';

/**
 * Everything the server remembers about one authorization, as stored. Plain JSON so a SQLite store
 * can hold it as text; it holds the adapter's secrets, so it never leaves the server.
 */
export const SessionRecordSchema = z.object({
  /** Public id for logs and support; unrelated to the token. */
  id: z.string().min(1),
  /** Bumped on every write; a queued call that finds it changed is outdated. */
  version: z.number().int().nonnegative(),
  provider: z.enum(PROVIDER_NAMES),
  phone: z.string(),
  /** The applicant id sent upstream (`cl_<random>`). */
  userId: z.string(),
  consent: z.object({ ...ConsentSchema.shape, recordedAt: z.iso.datetime() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** The step the browser is on, exactly as sent. */
  step: StepSchema,
  /** The adapter's memory; validated with the adapter's own schema when used. */
  adapterState: z.unknown(),
  /** Upstream crawl task once authorized (server-only). */
  taskId: z.optional(z.string()),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;
