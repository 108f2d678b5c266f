import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

// What a lender's backend does with CarrierLink webhooks, written as a lender would: its own
// signature check (no CarrierLink code), idempotency by event id, then a call to the data API.

const SIGNATURE_TOLERANCE_S = 300;

/** `carrierlink-signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function verifySignature(secret: string, header: string | undefined, body: string, nowS: number): boolean {
  if (!header) return false;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowS - t) > SIGNATURE_TOLERANCE_S) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return parts
    .filter(([k, v]) => k === 'v1' && v !== undefined && /^[0-9a-f]{64}$/.test(v))
    .some(([, v]) => timingSafeEqual(Buffer.from(v ?? '', 'hex'), expected));
}

export const WebhookBodySchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  createdAt: z.string(),
  sessionId: z.string().min(1),
  data: z.looseObject({}),
});
export type WebhookBody = z.infer<typeof WebhookBodySchema>;

/** The slice of the data API answer the example page shows. */
export const DataAnswerSchema = z.object({
  data: z.looseObject({
    calls: z.array(z.looseObject({ time: z.string(), direction: z.string(), durationSeconds: z.number(), peer: z.string() })),
    sms: z.array(z.unknown()),
    bills: z.array(z.looseObject({ month: z.string(), totalFen: z.number().nullable() })),
  }),
});

/** One session as the example lender knows it from webhooks. */
export interface LenderSessionView {
  events: string[];
  summary?: { calls: number; sms: number; bills: Array<{ month: string; totalFen: number | null }> };
}

/** Keeps the last sessions seen; a redelivered event (same id) is acknowledged and ignored. */
export function createWebhookInbox(limit = 100) {
  const seen = new Set<string>();
  const sessions = new Map<string, LenderSessionView>();
  return {
    /** Answers false for a duplicate delivery. */
    accept(event: WebhookBody): boolean {
      if (seen.has(event.id)) return false;
      seen.add(event.id);
      const view = sessions.get(event.sessionId) ?? { events: [] };
      view.events.push(event.type);
      sessions.set(event.sessionId, view);
      while (sessions.size > limit) sessions.delete(sessions.keys().next().value ?? '');
      return true;
    },
    setSummary(sessionId: string, summary: NonNullable<LenderSessionView['summary']>) {
      const view = sessions.get(sessionId);
      if (view) view.summary = summary;
    },
    get: (sessionId: string) => sessions.get(sessionId),
  };
}
