import type { Metrics } from '../ops/metrics';
import { randomId } from '../session/token';
import type { EndpointSlot, Outbox, OutboxEvent, WebhookEndpointStore, WebhookSlotStore } from '../store/types';
import type { RetryPolicy } from '../retry';
import { createSessionDelivery, hostOf } from './deliver-session';
import { createEndpointLanes, endpointKey } from './endpoint-lanes';
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
  /**
   * Per-endpoint delivery slots in the shared store (store.webhookSlots): a delivery holds one while
   * it runs, so `endpointConcurrency` holds across every instance on the store.
   */
  slots: WebhookSlotStore;
  /** A held slot's lease, renewed every third of it while the delivery runs (default 60 s). */
  slotLeaseMs?: number;
  /**
   * How long a session ready to go waits for a slot other instances hold before it is held back
   * for `endpointBusyMs` (default 1.5 s): slots of an endpoint that answers quickly free up within
   * that; those of a hanging one do not.
   */
  slotWaitMs?: number;
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
  /** Sessions delivered in parallel in all (events of one session stay sequential). Default 16. */
  concurrency?: number;
  /**
   * Sessions delivered in parallel to one endpoint (URL origin) by all instances on the store
   * together. Default 2: an endpoint that hangs holds at most this many slots, and the others keep
   * being served.
   */
  endpointConcurrency?: number;
  /** A session claimed while its endpoint has no free slot is held back this long (default: timeoutMs). */
  endpointBusyMs?: number;
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
 * A pass claims its events for this long: past the time the jobs one endpoint may queue take when
 * every attempt times out (4 waiting per slot, 10 s each, a few events per session), so a live
 * dispatcher never loses an event to another mid-delivery, and an instance that died hands its
 * events over within two minutes.
 */
export const WEBHOOK_LEASE_MS = 120_000;
/** A delivery slot of an endpoint outlives its holder by at most this: an instance that died frees it within a minute. */
export const WEBHOOK_SLOT_LEASE_MS = 60_000;

/** A session's claimed events, delivered in order in one slot of their endpoint's lane. */
interface Job {
  key: string;
  /** The endpoint's URL when claimed (for logs). */
  url: string | undefined;
  events: OutboxEvent[];
  done: (attempted: number) => void;
}

/** `lastError` of an event held back while its endpoint has no free slot (and no earlier error). */
export const ENDPOINT_BUSY = 'endpoint_busy';

/**
 * Delivers due outbox events to each lender's webhook URL, at least once, in order per session,
 * a few sessions at a time per endpoint so that one slow endpoint never delays another.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { outbox, endpoints, slots, log } = options;
  const now = options.now ?? Date.now;
  const fetchFn = options.fetch ?? fetch;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const retryWindowMs = options.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 1000;
  const batch = options.batch ?? 20;
  const lanes = createEndpointLanes(Math.max(1, options.endpointConcurrency ?? 2), Math.max(1, options.concurrency ?? 16));
  const endpointBusyMs = options.endpointBusyMs ?? timeoutMs;
  const slotLeaseMs = options.slotLeaseMs ?? WEBHOOK_SLOT_LEASE_MS;
  const slotWaitMs = options.slotWaitMs ?? 1500;
  const random = options.random ?? Math.random;
  const iso = (t: number) => new Date(t).toISOString();
  const lease = { owner: `${options.owner ?? randomId('inst', 6)}:webhooks`, ms: options.leaseMs ?? WEBHOOK_LEASE_MS };
  const metrics = options.metrics;

  let started = false;
  let stopping = false;
  let running = false;
  let kicked = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Passes run one after another through this chain, never overlapping; deliveries outlive them.
  let chain: Promise<unknown> = Promise.resolve();
  /** Claimed sessions waiting for a slot (their endpoint had room when claimed). */
  const waiting: Job[] = [];
  /** Sessions being delivered here. */
  const busySessions = new Set<string>();
  /** Every job not yet done, for stop(). */
  const unfinished = new Set<Promise<number>>();

  const runSession = createSessionDelivery({
    outbox,
    endpoints,
    log,
    now,
    fetchFn,
    retry,
    retryWindowMs,
    timeoutMs,
    random,
    ...(metrics && { metrics }),
    stopping: () => stopping,
  });

  /** Starts waiting jobs while their endpoint and the total have room, oldest first. */
  function pump(): void {
    for (let index = 0; index < waiting.length;) {
      const job = waiting[index]!;
      if (stopping) {
        // Never started: free for the next pass, here or elsewhere.
        waiting.splice(index, 1);
        lanes.finish(job.key, 'waiting');
        void outbox
          .release(
            job.events.map((event) => event.id),
            lease.owner,
          )
          .then(
            () => job.done(0),
            () => job.done(0),
          );
        continue;
      }
      if (!lanes.tryStart(job.key)) {
        index += 1;
        continue;
      }
      waiting.splice(index, 1);
      void startJob(job);
    }
  }

  /** Holds a session's events back while their endpoint has no free slot (and no later attempt is set). */
  async function holdBack(events: OutboxEvent[], url: string | undefined): Promise<void> {
    const first = events[0]!;
    const until = iso(now() + endpointBusyMs);
    for (const event of events) {
      await outbox.markRetry(event.id, event.attempts, until, event.lastError ?? ENDPOINT_BUSY);
    }
    log.info(
      { session: first.sessionId, lenderId: first.lenderId, host: hostOf(url ?? ''), nextAttemptAt: until },
      'webhook endpoint busy',
    );
  }

  /** One of the endpoint's slots, asked again (25 ms doubling to 400 ms) for up to slotWaitMs while others hold them all. */
  async function acquireSlot(key: string): Promise<EndpointSlot | undefined> {
    const started = Date.now();
    for (let pause = 25; ; pause = Math.min(pause * 2, 400)) {
      const slot = await slots.acquire(key, lanes.perEndpoint, { owner: lease.owner, ms: slotLeaseMs }, iso(now()));
      if (slot || stopping || Date.now() - started + pause > slotWaitMs) return slot;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /**
   * Takes one of the endpoint's slots in the shared store, then delivers. Every slot still held
   * elsewhere after slotWaitMs: the session comes back later, like one claimed while the endpoint
   * was busy here.
   */
  async function startJob(job: Job): Promise<void> {
    const first = job.events[0]!;
    // Marked busy before the store is asked: a pass meanwhile leaves the session's newer events alone.
    busySessions.add(first.sessionId);
    let slot: EndpointSlot | undefined;
    let failed = false;
    try {
      slot = await acquireSlot(job.key);
      if (!slot) await holdBack(job.events, job.url);
    } catch (error) {
      failed = true;
      log.error({ err: error, session: first.sessionId }, 'webhook endpoint slot unavailable');
    }
    if (slot) return runJob(job, slot);
    try {
      // Not attempted: free for the next pass (a store error), or held back until the endpoint has room.
      if (failed)
        await outbox.release(
          job.events.map((event) => event.id),
          lease.owner,
        );
    } catch (error) {
      log.error({ err: error, session: first.sessionId }, 'webhook lease release failed');
    } finally {
      busySessions.delete(first.sessionId);
      lanes.finish(job.key, 'running');
      job.done(0);
      pump();
    }
  }

  async function runJob(job: Job, slot: EndpointSlot): Promise<void> {
    const sessionId = job.events[0]!.sessionId;
    const settled = new Set<string>();
    let attempted = 0;
    // The slot stays this instance's while the delivery runs, however long the endpoint takes.
    const heartbeat = setInterval(
      () => {
        slots.renew(slot, iso(now() + slotLeaseMs)).then(
          (held) => {
            if (!held) log.warn({ session: sessionId, endpoint: slot.endpoint }, 'webhook endpoint slot lost while delivering');
          },
          (error: unknown) => log.error({ err: error, session: sessionId }, 'webhook endpoint slot renewal failed'),
        );
      },
      Math.max(1, Math.floor(slotLeaseMs / 3)),
    );
    heartbeat.unref();
    try {
      attempted = await runSession(job.events, settled);
    } catch (error) {
      // A store error leaves the event as it was: it is retried on a later pass.
      log.error({ err: error, session: sessionId }, 'webhook delivery failed');
    } finally {
      clearInterval(heartbeat);
    }
    try {
      await slots.release(slot);
    } catch (error) {
      // The slot's lease runs out on its own.
      log.error({ err: error, session: sessionId }, 'webhook endpoint slot release failed');
    }
    try {
      // Claimed but not attempted (held behind an earlier event, or stopping): free for the next pass.
      const unsettled = job.events.filter((event) => !settled.has(event.id)).map((event) => event.id);
      if (unsettled.length > 0) await outbox.release(unsettled, lease.owner);
    } catch (error) {
      log.error({ err: error, session: sessionId }, 'webhook lease release failed');
    } finally {
      busySessions.delete(sessionId);
      lanes.finish(job.key, 'running');
      job.done(attempted);
      pump();
      // Events held back for this endpoint or session may go now.
      if (!stopping) api.kick();
    }
  }

  /** Claims due events and hands each session to its endpoint's lane; answers the jobs started or queued. */
  async function pass(): Promise<{ jobs: Promise<number>[]; full: boolean }> {
    running = true;
    try {
      // Every slot taken: claiming now would only hold leases other instances could use.
      if (lanes.running() >= lanes.total) return { jobs: [], full: false };
      // Claimed, not just read: another instance's dispatcher skips these, so no event goes out twice.
      const due = await outbox.claim(iso(now()), batch, lease);
      const sessions = new Map<string, OutboxEvent[]>();
      for (const event of due) sessions.set(event.sessionId, [...(sessions.get(event.sessionId) ?? []), event]);
      const urls = new Map<string, string | undefined>();
      const jobs: Promise<number>[] = [];
      const release: string[] = [];
      for (const events of sessions.values()) {
        const first = events[0]!;
        if (stopping || busySessions.has(first.sessionId)) {
          // Still in flight here (a newer event of a running session): picked up once it is done.
          release.push(...events.map((event) => event.id));
          continue;
        }
        if (!urls.has(first.lenderId)) urls.set(first.lenderId, (await endpoints.get(first.lenderId))?.url);
        const key = endpointKey(first.lenderId, urls.get(first.lenderId));
        if (lanes.saturated(key)) {
          // The endpoint is busy here with as many deliveries as it may have: come back later rather
          // than hold the lease while it answers (slots of other endpoints are never taken).
          await holdBack(events, urls.get(first.lenderId));
          continue;
        }
        lanes.queue(key);
        const url = urls.get(first.lenderId);
        const job = new Promise<number>((done) => waiting.push({ key, url, events, done }));
        unfinished.add(job);
        void job.then(() => unfinished.delete(job));
        jobs.push(job);
      }
      if (release.length > 0) await outbox.release(release, lease.owner);
      pump();
      return { jobs, full: due.length >= batch && jobs.length > 0 };
    } finally {
      running = false;
    }
  }

  function runPass(): Promise<{ jobs: Promise<number>[]; full: boolean }> {
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

  const api: WebhookDispatcher = {
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
      // Jobs still waiting for a slot are released; running ones finish their current attempt.
      pump();
      await Promise.all([...unfinished]);
      stopping = false;
    },
    kick() {
      if (!started) return;
      if (running) kicked = true;
      else schedule(0);
    },
    async runOnce() {
      const { jobs } = await runPass();
      const counts = await Promise.all(jobs);
      return counts.reduce((sum, count) => sum + count, 0);
    },
  };
  return api;
}
