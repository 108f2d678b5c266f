import * as z from 'zod/mini';
import { CARRIERS } from './phone';

/**
 * Carrier outages: carriers and provinces where many recent sessions failed upstream. The phone
 * step shows a notice for a number of such a carrier; the lender dashboard shows a banner.
 *
 *   GET /api/outages          -> OutagesResponse (sessions of lenders; demo sessions never count)
 *   GET /api/outages?demo=1   -> the same over demo sessions (404 unless the server runs demo mode)
 *   GET /api/outages?demo=1&simulate=outage -> as ?demo=1, with every carrier in an outage
 */

export const OutageSchema = z.object({
  carrier: z.enum(CARRIERS),
  /** Province (短名, e.g. 上海) of the failing sessions; null when their province was not known. */
  province: z.nullable(z.string().check(z.maxLength(16))),
});
export type Outage = z.infer<typeof OutageSchema>;

export const OutagesResponseSchema = z.object({
  outages: z.array(OutageSchema).check(z.maxLength(200)),
  /** When the figures were computed (server clock; cached for a few seconds). */
  checkedAt: z.iso.datetime(),
  /** The window the figures cover. */
  windowMinutes: z.number().check(z.int(), z.positive()),
});
export type OutagesResponse = z.infer<typeof OutagesResponseSchema>;

/**
 * `?demo=1` asks for the demo sessions' outages. `&simulate=outage` (demo only) adds an outage of
 * every carrier, province unknown: the gallery's outage scenario shows the notice without failures.
 */
export const OutagesQuerySchema = z.object({
  demo: z.optional(z.enum(['0', '1'])),
  simulate: z.optional(z.enum(['outage'])),
});
export type OutagesQuery = z.infer<typeof OutagesQuerySchema>;
