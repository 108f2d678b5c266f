import type { Metrics } from '../ops/metrics';
import { randomId } from '../session/token';
import type { Outbox, OutboxEvent, WebhookEndpointStore } from '../store/types';
import { postWebhook } from './deliver';
import type { AttemptResult } from './deliver';
import { retryDelayMs } from '../retry';
import type { RetryPolicy } from '../retry';
import { DEFAULT_WEBHOOK_RETRY_SETTINGS, webhookRetryPolicy } from './retry-schedule';

export { retryDelayMs } from '../retry';
export type { RetryPolicy } from '../retry';

/** Structured logger (pino's shape): context object first, then the message. */
export interface DispatcherLogger {
  info(context: Record<string, unknown>, message: string): void;
  warn(context: Record<string, unknown>, message: string): void;
  error(context: Record<string, unknown>, message: string): void;
}

export interface WebhookDispatcherOptions {
  outbox: Outbox;
  endpoints: WebhookEndpointStore;
  log: DispatcherLogger;
  now?: () => number;
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  /**
   * An event whose attempt fails this long after it was created is given up (dead), so the last
   * attempt lands just past the window; `retry.maxAttempts` stays a hard cap. Default 72 h.
   */
  retryWindowMs?: number;
  /** Per attempt, headers included. */
  timeoutMs?: number;
  /** Pause between passes when nothing was kicked. */
  pollMs?: number;
  /** Events read per pass. */
  batch?: number;
  /** Sessions delivered in parallel within one pass (events of one session stay sequential). */
  concurrency?: number;
  /** [0, 1) source for the ±20% jitter (tests pin it). */
  random?: () => number;
  /** Names this process in the leases it takes on events (default: a random id). */
  owner?: string;
  /** How long a claimed event stays this dispatcher's (default WEBHOOK_LEASE_MS). */
  leaseMs?: number;
  metrics?: Pick<Metrics, 'webhookAttempts' | 'webhookDeliveryLag'>;
}

export interface WebhookDispatcher {
  /** Starts polling; idempotent. */
  start(): void;
  /** Stops polling and resolves once the in-flight deliveries have finished. */
  stop(): Promise<void>;
  /** Runs a pass soon (after an enqueue or a new endpoint); does nothing when not started. */
  kick(): void;
  /** One pass now, after any running one: resolves with the number of delivery attempts made. */
  runOnce(): Promise<number>;
}

/** 5 s doubling to 1 h per wait (±20%), for at least 72 hours: about 100 attempts. */
export const DEFAULT_RETRY: RetryPolicy = webhookRetryPolicy(DEFAULT_WEBHOOK_RETRY_SETTINGS);
export const DEFAULT_RETRY_WINDOW_MS = DEFAULT_WEBHOOK_RETRY_SETTINGS.hours * 3_600_000;
/**
 * A pass claims its events for this long: past a whole pass of timed-out attempts (batch 20,
 * concurrency 4, 10 s each), so a live dispatcher never loses an event to another mid-delivery,
 * and an instance that died hands its events over within two minutes.
 */
export const WEBHOOK_LEASE_MS = 120_000;

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid)';
  }
};

/** Delivers due outbox events to each lender's webhook URL, at least once, in order per session. */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { outbox, endpoints, log } = options;
  const now = options.now ?? Date.now;
  const fetchFn = options.fetch ?? fetch;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const retryWindowMs = options.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 1000;
  const batch = options.batch ?? 20;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const random = options.random ?? Math.random;
  const iso = (t: number) => new Date(t).toISOString();
  const lease = { owner: `${options.owner ?? randomId('inst', 6)}:webhooks`, ms: options.leaseMs ?? WEBHOOK_LEASE_MS };
  const metrics = options.metrics;

  let started = false;
  let stopping = false;
  let running = false;
  let kicked = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Passes run one after another through this chain, never overlapping.
  let chain: Promise<unknown> = Promise.resolve();

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
    if (attempts >= retry.maxAttempts || at - Date.parse(event.createdAt) >= retryWindowMs) {
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
      if (stopping) break;
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

  async function pass(): Promise<{ attempted: number; full: boolean }> {
    running = true;
    try {
      // Claimed, not just read: another instance's dispatcher skips these, so no event goes out twice.
      const due = await outbox.claim(iso(now()), batch, lease);
      const settled = new Set<string>();
      const sessions = new Map<string, OutboxEvent[]>();
      for (const event of due) sessions.set(event.sessionId, [...(sessions.get(event.sessionId) ?? []), event]);
      const queue = [...sessions.values()];
      let attempted = 0;
      const worker = async () => {
        for (let next = queue.shift(); next !== undefined && !stopping; next = queue.shift()) {
          try {
            attempted += await runSession(next, settled);
          } catch (error) {
            // A store error leaves the event as it was: it is retried on a later pass.
            log.error({ err: error, session: next[0]?.sessionId }, 'webhook delivery failed');
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
      // Claimed but not attempted (held behind an earlier event, or stopping): free for the next pass, here or elsewhere.
      const unsettled = due.filter((event) => !settled.has(event.id)).map((event) => event.id);
      if (unsettled.length > 0) await outbox.release(unsettled, lease.owner);
      return { attempted, full: due.length >= batch };
    } finally {
      running = false;
    }
  }

  function runPass(): Promise<{ attempted: number; full: boolean }> {
    const run = chain.then(pass);
    chain = run.catch(() => undefined);
    return run;
  }

  function schedule(delayMs: number): void {
    if (!started) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, delayMs);
    timer.unref();
  }

  async function tick(): Promise<void> {
    timer = undefined;
    let full = false;
    try {
      full = (await runPass()).full;
    } catch (error) {
      log.error({ err: error }, 'webhook outbox read failed');
    }
    const soon = kicked || full;
    kicked = false;
    schedule(soon ? 0 : pollMs);
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopping = false;
      schedule(0);
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      stopping = true;
      await chain;
      stopping = false;
    },
    kick() {
      if (!started) return;
      if (running) kicked = true;
      else schedule(0);
    },
    async runOnce() {
      return (await runPass()).attempted;
    },
  };
}
