import * as z from 'zod';
import { ANALYTICS_STAGES, BROWSER_EXIT_REASONS, SCREEN_KINDS } from '../../flow/analytics';
import { TIMELINE_EVENT_KINDS } from '../../flow/dashboard-api';
import { CARRIERS } from '../../flow/phone';
import { PROVIDER_NAMES } from '../../providers/types';
import type { AnalyticsEventInput } from './analytics-types';
import { StoreInputError, checkInput, toMs } from './codec';

// What every store checks before it records analytics events.

const Code = z.string().min(1).max(64).nullable();
const Kind = z.string().min(1).max(32);

/**
 * What an event may hold: closed sets, short codes, no free text. The store refuses anything else,
 * so no caller can park a typed value or a vendor message in the analytics tables.
 */
const EventInputSchema = z.strictObject({
  sessionId: z.string().min(1).max(64),
  at: z.string(),
  kind: z.enum(TIMELINE_EVENT_KINDS),
  source: z.enum(['server', 'browser']),
  stage: z.enum(ANALYTICS_STAGES).nullable(),
  screen: z.enum(SCREEN_KINDS).nullable(),
  fields: z.array(Kind).max(12),
  code: Code.refine((code) => code === null || /^[a-z0-9_]+$/.test(code), 'codes are snake_case'),
  field: Kind.nullable(),
  upstreamCode: z
    .string()
    .max(16)
    .regex(/^[A-Za-z0-9_-]+$/)
    .nullable(),
  context: z.strictObject({
    lenderId: z.string().min(1).max(32).nullable(),
    provider: z.enum(PROVIDER_NAMES).nullable(),
    carrier: z.enum(CARRIERS).nullable(),
    province: z.string().min(1).max(16).nullable(),
    demo: z.boolean(),
  }),
});

const EXIT_REASONS: readonly string[] = BROWSER_EXIT_REASONS;

/** The events as the stores record them, each with its time in ms; refuses the whole batch on one bad event. */
export function checkAnalyticsEvents(events: readonly AnalyticsEventInput[]): Array<{ event: AnalyticsEventInput; at: number }> {
  return events.map((event) => {
    const valid = checkInput(EventInputSchema, event, `analytics event ${event.kind}`);
    if (valid.kind === 'exit' && (valid.code === null || !EXIT_REASONS.includes(valid.code))) {
      throw new StoreInputError('an exit event needs an exit reason as its code');
    }
    return { event: valid, at: toMs(valid.at, 'at') };
  });
}

/** A count of browser events to admit: a positive whole number. */
export function checkAdmitCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new StoreInputError(`count must be a positive integer, got ${count}`);
}
