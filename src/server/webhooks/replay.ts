import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { WebhookEventSummary } from '../../flow/dashboard-api';
import { lenderFailures } from '../lender/errors';
import type { DurableStore, OutboxEvent, OutboxState, WebhookEventType } from '../store/types';
import { EVENT_ID_PATTERN } from './events';

/** Where an outbox event stands, as lenders see it. */
export function deliveryState(event: Pick<OutboxEvent, 'deliveredAt' | 'deadAt' | 'attempts'>): OutboxState {
  if (event.deliveredAt !== null) return 'delivered';
  if (event.deadAt !== null) return 'dead';
  return event.attempts > 0 ? 'failing' : 'pending';
}

/** One delivery as the dashboard and GET /api/v1/webhook-events show it (never the body). */
export function toDeliverySummary(event: OutboxEvent): WebhookEventSummary & { type: WebhookEventType } {
  const state = deliveryState(event);
  return {
    id: event.id,
    type: event.type,
    sessionId: event.sessionId,
    state,
    createdAt: event.createdAt,
    attempts: event.attempts,
    nextAttemptAt: state === 'pending' || state === 'failing' ? event.nextAttemptAt : null,
    deliveredAt: event.deliveredAt,
    deadAt: event.deadAt,
    lastError: event.lastError,
    replays: event.replays,
    replayedAt: event.replayedAt,
  };
}

/** Replays per lender per minute: each one is a POST to the lender's own endpoint. */
export const REPLAYS_PER_MINUTE = 30;

export interface ReplayDeps {
  store: Pick<DurableStore, 'outbox' | 'webhooks'> & Partial<Pick<DurableStore, 'rateLimiter'>>;
  now: () => number;
  /** Wakes the dispatcher so the replay goes out now. */
  kick: () => void;
}

export type Replay = (lenderId: string, eventId: string) => Promise<WebhookEventSummary & { type: WebhookEventType }>;

/**
 * Sends one of a lender's webhook events again (same id, same body: a receiver that already has it
 * dedupes). Refused for an unknown event or another lender's (404, the same answer), without an
 * endpoint (404), and past REPLAYS_PER_MINUTE (429).
 */
export function createReplay(deps: ReplayDeps): Replay {
  // In the durable store when it keeps limits (shared by every instance, kept over a restart).
  const limiter =
    deps.store.rateLimiter?.({ keyPrefix: 'webhook_replay', points: REPLAYS_PER_MINUTE, durationSeconds: 60 }) ??
    new RateLimiterMemory({ points: REPLAYS_PER_MINUTE, duration: 60 });
  return async (lenderId, eventId) => {
    if (!EVENT_ID_PATTERN.test(eventId)) throw lenderFailures.eventNotFound();
    if (!(await deps.store.webhooks.get(lenderId))) throw lenderFailures.noWebhook();
    try {
      await limiter.consume(lenderId);
    } catch (error) {
      throw lenderFailures.rateLimited(error instanceof RateLimiterRes ? Math.max(1, Math.ceil(error.msBeforeNext / 1000)) : 60);
    }
    const replayed = await deps.store.outbox.replay(eventId, lenderId, new Date(deps.now()).toISOString());
    if (!replayed) throw lenderFailures.eventNotFound();
    deps.kick();
    return toDeliverySummary(replayed);
  };
}
