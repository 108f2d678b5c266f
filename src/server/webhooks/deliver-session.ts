import type { Metrics } from '../ops/metrics';
import type { RetryPolicy } from '../retry';
import { retryDelayMs } from '../retry';
import type { Outbox, OutboxEvent, WebhookEndpointStore } from '../store/types';
import { postWebhook } from './deliver';
import type { AttemptResult } from './deliver';
import type { DispatcherLogger } from './dispatcher';

export const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid)';
  }
};

export interface SessionDeliveryOptions {
  outbox: Outbox;
  endpoints: WebhookEndpointStore;
  log: DispatcherLogger;
  now: () => number;
  fetchFn: typeof fetch;
  retry: RetryPolicy;
  retryWindowMs: number;
  timeoutMs: number;
  random: () => number;
  metrics?: Pick<Metrics, 'webhookAttempts' | 'webhookDeliveryLag'>;
  /** True once the dispatcher stops: no further attempt starts. */
  stopping: () => boolean;
}

/**
 * Delivers a session's claimed events in order, one attempt each: a pending (failed, retried
 * later) event holds the later ones back until its next attempt. Answers the attempts made;
 * `settled` receives the events attempted.
 */
export function createSessionDelivery(options: SessionDeliveryOptions): (events: OutboxEvent[], settled: Set<string>) => Promise<number> {
  const { outbox, endpoints, log, now, fetchFn, retry, retryWindowMs, timeoutMs, random, metrics } = options;
  const iso = (t: number) => new Date(t).toISOString();

  /** The oldest undelivered, live event of the session older than `event`: it must go first. */
  async function blockerOf(event: OutboxEvent): Promise<OutboxEvent | undefined> {
    for (const other of await outbox.listBySession(event.sessionId)) {
      if (other.id === event.id) return undefined;
      if (other.deliveredAt === null && other.deadAt === null) return other;
    }
    return undefined;
  }

  /** Holds a blocked event back until its blocker's next attempt, so blocked events do not fill every batch. */
  async function defer(event: OutboxEvent, until: string): Promise<void> {
    if (Date.parse(until) <= Date.parse(event.nextAttemptAt)) return;
    await outbox.markRetry(event.id, event.attempts, until, event.lastError ?? 'waiting_for_earlier_event');
  }

  /** One attempt; answers the next attempt's time when the event is still pending afterwards. */
  async function attempt(event: OutboxEvent): Promise<{ pendingUntil: string | undefined }> {
    const attempts = event.attempts + 1;
    const endpoint = await endpoints.get(event.lenderId);
    const context = {
      event: event.id,
      type: event.type,
      session: event.sessionId,
      lenderId: event.lenderId,
      attempt: attempts,
      host: endpoint ? hostOf(endpoint.url) : undefined,
    };
    let result: AttemptResult;
    if (!endpoint) {
      // The lender may register a URL later: wait like any failure.
      result = { ok: false, error: 'no_endpoint' };
    } else {
      const body = JSON.stringify(event.payload);
      result = await postWebhook(
        fetchFn,
        {
          url: endpoint.url,
          secret: endpoint.secret,
          eventId: event.id,
          eventType: event.type,
          body,
          timestampSeconds: Math.floor(now() / 1000),
        },
        timeoutMs,
      );
    }
    const at = now();
    if (result.ok) {
      await outbox.markDelivered(event.id, iso(at));
      metrics?.webhookAttempts.inc({ result: 'delivered' });
      metrics?.webhookDeliveryLag.observe({ type: event.type }, Math.max(0, at - Date.parse(event.createdAt)) / 1000);
      log.info({ ...context, status: result.status }, 'webhook delivered');
      return { pendingUntil: undefined };
    }
    // A replay starts a new retry window: the lender asked for the event again, so it gets the full schedule.
    const windowStart = Date.parse(event.replayedAt ?? event.createdAt);
    if (attempts >= retry.maxAttempts || at - windowStart >= retryWindowMs) {
      await outbox.markDead(event.id, attempts, iso(at), result.error);
      metrics?.webhookAttempts.inc({ result: 'dead' });
      log.warn({ ...context, error: result.detail ?? result.error }, 'webhook given up after the last attempt');
      return { pendingUntil: undefined };
    }
    const next = iso(at + retryDelayMs(attempts, retry, random));
    await outbox.markRetry(event.id, attempts, next, result.error);
    metrics?.webhookAttempts.inc({ result: 'retry' });
    log.info({ ...context, error: result.detail ?? result.error, nextAttemptAt: next }, 'webhook attempt failed');
    return { pendingUntil: next };
  }

  /** A session's due events, oldest first; a pending one holds the later ones back. */
  async function runSession(events: OutboxEvent[], settled: Set<string>): Promise<number> {
    let attempted = 0;
    for (const [index, event] of events.entries()) {
      if (options.stopping()) break;
      const blocker = await blockerOf(event);
      const holdUntil = blocker ? blocker.nextAttemptAt : undefined;
      const outcome = holdUntil === undefined ? await attempt(event) : undefined;
      if (outcome) {
        attempted += 1;
        settled.add(event.id);
      }
      const until = holdUntil ?? outcome?.pendingUntil;
      if (until !== undefined) {
        for (const later of events.slice(index + (holdUntil === undefined ? 1 : 0))) await defer(later, until);
        break;
      }
    }
    return attempted;
  }

  return runSession;
}
