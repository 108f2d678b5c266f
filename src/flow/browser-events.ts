import * as z from 'zod/mini';
import { BROWSER_EXIT_REASONS, MAX_BROWSER_EVENTS_PER_REQUEST, SCREEN_KINDS } from './analytics';
import { FIELD_KINDS } from './constants';

/** POST /api/session/events: what only the browser knows, kinds only (see analytics.ts). */
const screen = {
  /** null when nothing was on screen yet (an exit during loading). */
  screen: z.nullable(z.enum(SCREEN_KINDS)),
  fields: z.array(z.enum(FIELD_KINDS)).check(z.maxLength(12)),
};

export const BrowserEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('screen_view'), ...screen }),
  z.strictObject({ kind: z.literal('exit'), reason: z.enum(BROWSER_EXIT_REASONS), ...screen }),
]);
export type BrowserEvent = z.infer<typeof BrowserEventSchema>;

export const BrowserEventsRequestSchema = z.strictObject({
  events: z.array(BrowserEventSchema).check(z.minLength(1), z.maxLength(MAX_BROWSER_EVENTS_PER_REQUEST)),
});
export type BrowserEventsRequest = z.infer<typeof BrowserEventsRequestSchema>;
