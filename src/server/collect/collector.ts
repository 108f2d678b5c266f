import { vendorOf } from '../../providers/registry';
import { maskPhone } from '../../flow';
import type { CollectRef, CrawlStage, ExtraKind, ExtraResult, ParsedPush, ProviderDataSource } from '../../providers/data-model';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ProviderName } from '../../providers/types';
import type { LenderAnalytics } from '../analytics/session-events';
import type { SessionRecord } from '../session/record';
import type { Metrics } from '../ops/metrics';
import { randomId } from '../session/token';
import type { CollectionRecord, DurableStore, OutboxEventInput } from '../store/types';
import { createEvent } from '../webhooks/events';
import { retryDelayMs } from '../retry';
import type { RetryPolicy } from '../retry';

/** The slice of a pino logger the collector uses. */
export interface CollectorLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface CollectorOptions {
  store: Pick<DurableStore, 'collections' | 'pushes'>;
  /** The data side of each configured provider. */
  sources: Partial<Record<ProviderName, ProviderDataSource>>;
  log: CollectorLogger;
  now?: () => number;
  /** Data fetch retries: a vendor still landing data answers "pending" for minutes. */
  retry?: Partial<RetryPolicy>;
  /** When the first fetch runs without any push (pushes are hints; this is the fallback). */
  firstAttemptDelayMs?: number;
  pollMs?: number;
  /** Collections claimed, and worked on in parallel, per pass. */
  batch?: number;
  /** Called after events were enqueued (the webhook dispatcher's kick). */
  onEvents?: () => void;
  /** Step analytics: told when data is ready or collection failed for good. */
  analytics?: Pick<LenderAnalytics, 'collected' | 'collectFailed'>;
  /** Names this process in the leases it takes on collections (default: a random id). */
  owner?: string;
  /** How long a claimed collection stays this collector's (default COLLECT_LEASE_MS). */
  leaseMs?: number;
  metrics?: Pick<Metrics, 'vendorPushes' | 'collectionDuration'>;
  /**
   * Caps the pushes naming no collection that are recorded (per provider); past it they are
   * answered but not kept. Without it every such push is recorded.
   */
  unmatchedPushes?: RateLimiterAbstract;
}

export interface Collector {
  /** Records an authorization (idempotent) and its `authorized` webhook; the session record must hold taskId. */
  authorized(record: SessionRecord): Promise<void>;
  /**
   * Records a vendor push once and wakes its collection; answers whether it was a duplicate, named a
   * collection, and was kept (a push naming none is dropped past the unmatched cap).
   */
  push(provider: ProviderName, push: ParsedPush): Promise<{ duplicate: boolean; matched: boolean; kept: boolean }>;
  /** One pass over due collections; answers how many were worked on. */
  runOnce(): Promise<number>;
  kick(): void;
  start(): void;
  stop(): Promise<void>;
}

export const DEFAULT_COLLECT_RETRY: RetryPolicy = { baseMs: 5_000, maxMs: 600_000, maxAttempts: 40 };
/**
 * A claimed collection stays this collector's for this long: past one fetch (the data call and
 * the extras, each bounded by the upstream timeout), so a live collector keeps its work, and an
 * instance that died hands it over within three minutes.
 */
export const COLLECT_LEASE_MS = 180_000;
const DEFAULT_BATCH = 8;
const EXTRAS: readonly ExtraKind[] = ['report', 'score', 'tags'];
/** English, for lenders: why a collection failed on our side. */
const GAVE_UP = { code: 'collect_timeout', message: 'The vendor did not deliver the data within the retry budget.' } as const;

/**
 * Fetches collected data after authorization and tells the lender. Every state change is
 * one atomic store call, so a process killed at any moment resumes from the store: a collection
 * whose attempt was in flight is simply due again.
 */
export function createCollector(options: CollectorOptions): Collector {
  const { store, log } = options;
  const now = options.now ?? Date.now;
  const retry: RetryPolicy = { ...DEFAULT_COLLECT_RETRY, ...options.retry };
  const firstDelay = options.firstAttemptDelayMs ?? 30_000;
  const iso = (ms = now()) => new Date(ms).toISOString();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = true;
  // Set by stop() only (a collector never started still works when runOnce is called).
  let stopping = false;
  const lease = { owner: `${options.owner ?? randomId('inst', 6)}:collector`, ms: options.leaseMs ?? COLLECT_LEASE_MS };
  const observeEnd = (c: CollectionRecord, result: 'data_ready' | 'failed') =>
    options.metrics?.collectionDuration.observe({ vendor: c.provider, result }, Math.max(0, now() - Date.parse(c.authorizedAt)) / 1000);

  /** Whether one more push naming no collection may be recorded this window. */
  async function unmatchedAllowed(provider: ProviderName): Promise<boolean> {
    if (!options.unmatchedPushes) return true;
    try {
      await options.unmatchedPushes.consume(provider);
      return true;
    } catch (refusal) {
      if (refusal instanceof Error) throw refusal;
      return false;
    }
  }

  const ref = (c: CollectionRecord): CollectRef => ({ userId: c.userId, taskId: c.taskId, phone: c.phone });
  const who = (c: Pick<CollectionRecord, 'sessionId' | 'provider'>) => ({ session: c.sessionId, provider: c.provider });
  /** Analytics must never stop a collection. */
  const observe = (report: () => void) => {
    try {
      report();
    } catch (error) {
      log.error({ err: { name: error instanceof Error ? error.name : 'error' } }, 'analytics hook failed');
    }
  };

  function lenderEvent(
    c: Pick<CollectionRecord, 'lenderId' | 'lenderUserId' | 'sessionId'> & { previousSessionId?: string | null },
    type: OutboxEventInput['type'],
    data: Record<string, unknown>,
  ): OutboxEventInput[] {
    if (c.lenderId === null || c.lenderUserId === null) return [];
    const update = { previousSessionId: c.previousSessionId ?? null };
    return [createEvent({ type, lenderId: c.lenderId, sessionId: c.sessionId, lenderUserId: c.lenderUserId, data, now: now(), ...update })];
  }

  function progressEvents(c: CollectionRecord, stages: readonly CrawlStage[]): OutboxEventInput[] {
    return stages
      .filter((stage) => !c.stages.includes(stage))
      .flatMap((stage) => lenderEvent(c, 'crawl_progress', { provider: c.provider, stage }));
  }

  /** `report_ready` with where each report came to (vendor-neutral kinds, states only: no report content). */
  async function reportReady(c: CollectionRecord, settled: Partial<Record<ExtraKind, ExtraResult>>): Promise<OutboxEventInput[]> {
    // Reports settled on earlier attempts count too.
    const earlier = (await store.collections.data(c.sessionId))?.extras ?? {};
    const reports = Object.fromEntries(
      Object.entries({ ...earlier, ...settled })
        .filter(([, result]) => result.status !== 'pending')
        .map(([kind, result]) => [kind, result.status === 'failed' ? 'failed' : 'ready']),
    );
    if (Object.keys(reports).length === 0) return [];
    return lenderEvent(c, 'report_ready', { provider: c.provider, reports });
  }

  async function fail(c: CollectionRecord, failure: { code: string; message: string }): Promise<void> {
    await store.collections.markFailed(c.sessionId, failure, iso(), lenderEvent(c, 'failed', { provider: c.provider, ...failure }));
    observeEnd(c, 'failed');
    log.warn({ ...who(c), code: failure.code }, 'collection failed');
    observe(() => options.analytics?.collectFailed(c, failure.code));
  }

  /** Reschedules after a pending answer or a transport failure; gives up past the budget. */
  async function later(c: CollectionRecord, stages: readonly CrawlStage[], reason: string): Promise<void> {
    const attempts = c.attempts + 1;
    if (attempts >= retry.maxAttempts) return fail(c, GAVE_UP);
    const seen = [...new Set([...c.stages, ...stages])];
    await store.collections.reschedule(
      c.sessionId,
      { attempts, nextAttemptAt: iso(now() + retryDelayMs(attempts, retry)), stages: seen },
      progressEvents(c, stages),
    );
    log.info({ ...who(c), attempts, reason }, 'collection not ready yet');
  }

  async function collect(c: CollectionRecord, source: ProviderDataSource): Promise<void> {
    let result;
    try {
      result = await source.collect(ref(c));
    } catch (error) {
      return later(c, [], error instanceof Error ? error.name : 'error');
    }
    if (result.type === 'pending') return later(c, result.stages, result.reason);
    if (result.type === 'failed') return fail(c, { code: result.code, message: result.message });
    const extras: Partial<Record<ExtraKind, ExtraResult>> = {};
    const counts = { calls: result.data.calls.length, sms: result.data.sms.length, bills: result.data.bills.length };
    const extraStates = Object.fromEntries(c.extrasPending.map((kind) => [kind, 'pending']));
    const events = [
      ...progressEvents(c, result.stages),
      ...lenderEvent(c, 'data_ready', { provider: c.provider, counts, extras: extraStates }),
    ];
    await store.collections.markReady(c.sessionId, { data: result.data, raw: result.raw, extras }, iso(), events);
    observeEnd(c, 'data_ready');
    log.info({ ...who(c), ...counts }, 'collected data ready');
    observe(() => options.analytics?.collected(c, result.data));
  }

  async function collectExtras(c: CollectionRecord, source: ProviderDataSource): Promise<void> {
    if (!source.collectExtras) return store.collections.saveExtras(c.sessionId, {}, [], null, iso());
    const attempts = c.extraAttempts + 1;
    let got: Partial<Record<ExtraKind, ExtraResult>> = {};
    try {
      got = await source.collectExtras(ref(c), c.extrasPending);
    } catch (error) {
      log.info({ ...who(c), reason: error instanceof Error ? error.name : 'error' }, 'extras not fetched');
    }
    const giveUp = attempts >= retry.maxAttempts;
    const settled: Partial<Record<ExtraKind, ExtraResult>> = {};
    const pending: ExtraKind[] = [];
    for (const kind of c.extrasPending) {
      const result = got[kind];
      if (result && result.status !== 'pending') settled[kind] = result;
      else if (giveUp) settled[kind] = { status: 'failed', ...GAVE_UP };
      else pending.push(kind);
    }
    const next = pending.length > 0 ? iso(now() + retryDelayMs(attempts, retry)) : null;
    // The last pending report settles here, once per session: the lender hears of it with the save.
    const events = pending.length === 0 ? await reportReady(c, settled) : [];
    await store.collections.saveExtras(c.sessionId, settled, pending, next, iso(), events);
    if (pending.length > 0) {
      await store.collections.reschedule(c.sessionId, { attempts: c.attempts, nextAttemptAt: next, extraAttempts: attempts }, []);
    }
  }

  async function work(c: CollectionRecord): Promise<void> {
    const source = options.sources[c.provider];
    if (!source) {
      // A record written under another configuration (provider since removed): nothing can fetch it.
      log.error(who(c), 'no data source for the collection');
      const failure = { code: 'provider_unavailable', message: 'The upstream of this session is not configured any more.' };
      if (c.status === 'collecting') return fail(c, failure);
      const settled = Object.fromEntries(c.extrasPending.map((kind) => [kind, { status: 'failed', ...failure } as const]));
      return store.collections.saveExtras(c.sessionId, settled, [], null, iso(), await reportReady(c, settled));
    }
    if (c.status === 'collecting') return collect(c, source);
    if (c.status === 'data_ready' && c.extrasPending.length > 0) return collectExtras(c, source);
  }

  async function pass(): Promise<number> {
    // Claimed, not just read: another instance's collector skips these while this one works on them.
    const due = await store.collections.claim(iso(), options.batch ?? DEFAULT_BATCH, lease);
    const queue = [...due];
    let worked = 0;
    const left: string[] = [];
    const worker = async () => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        if (stopping) {
          left.push(c.sessionId);
          continue;
        }
        try {
          await work(c);
          worked++;
        } catch (error) {
          // A store failure: the collection stays due; its lease is given back below for the next pass.
          left.push(c.sessionId);
          log.error({ ...who(c), err: { name: error instanceof Error ? error.name : 'error' } }, 'collection pass failed');
        }
      }
    };
    await Promise.all(due.map(() => worker()));
    // Claimed but not worked on (stopping, or a failed write): free for the next pass, here or elsewhere.
    if (left.length > 0) await store.collections.release(left, lease.owner).catch(() => undefined);
    if (due.length > 0) options.onEvents?.();
    return worked;
  }

  function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = pass().finally(() => {
      running = undefined;
      if (again && !stopped) {
        again = false;
        kick();
      }
    });
    return running;
  }

  function kick(): void {
    if (stopped) return;
    setImmediate(() => void runOnce().catch(() => undefined));
  }

  return {
    async authorized(record) {
      if (record.taskId === undefined || record.demo) return;
      const at = now();
      const input = {
        sessionId: record.id,
        provider: record.provider,
        lenderId: record.link?.lenderId ?? null,
        lenderUserId: record.link?.lenderUserId ?? null,
        demo: false,
        userId: record.userId,
        taskId: record.taskId,
        phone: record.phone,
        authorizedAt: iso(at),
        firstAttemptAt: iso(at + firstDelay),
        extrasPending: options.sources[record.provider]?.collectExtras ? [...EXTRAS] : [],
        previousSessionId: record.link?.previousSessionId ?? null,
      };
      const events = lenderEvent(input, 'authorized', { provider: record.provider });
      const { created } = await store.collections.createAuthorized(input, events);
      if (!created) return;
      log.info({ session: record.id, provider: record.provider, phone: maskPhone(record.phone) }, 'collection recorded');
      // A push may have come before we recorded the authorization (some vendors push `auth` at once).
      const key = vendorOf(record.provider).push.names === 'userId' ? record.userId : record.taskId;
      const early = await store.pushes.list(record.provider, key);
      if (early.length > 0) await store.collections.wake(record.id, iso());
      options.onEvents?.();
      if (early.length > 0) kick();
    },

    async push(provider, push) {
      const c = await store.collections.findByUpstream(provider, push.upstreamKey);
      const dedupeKey = `${provider}:${push.kind}:${push.upstreamKey}:${push.status}`;
      if (!c && !(await unmatchedAllowed(provider))) {
        log.warn({ provider, kind: push.kind }, 'vendor push naming no collection dropped: too many of them this hour');
        return { duplicate: false, matched: false, kept: false };
      }
      // A result push carries every call record. The body of a push that names no collection of
      // ours is not kept: it is personal data we have no use for, and it would let anyone holding
      // the push URL fill the disk. Its record (bounded in number, purged after an hour) still
      // wakes a collection authorized just after it (some vendors push `auth` at once).
      const { duplicate } = await store.pushes.record(
        { provider, kind: push.kind, upstreamKey: push.upstreamKey, ok: push.ok, dedupeKey, body: c ? push.body : null, receivedAt: iso() },
        c ? { sessionId: c.sessionId } : undefined,
      );
      options.metrics?.vendorPushes.inc({
        vendor: provider,
        kind: push.kind,
        duplicate: String(duplicate),
        matched: String(c !== undefined),
      });
      log.info({ provider, kind: push.kind, ok: push.ok, duplicate, ...(c && { session: c.sessionId }) }, 'vendor push recorded');
      if (c && !duplicate) kick();
      return { duplicate, matched: c !== undefined, kept: true };
    },

    runOnce,
    kick,

    start() {
      stopped = false;
      stopping = false;
      timer = setInterval(() => void runOnce().catch(() => undefined), options.pollMs ?? 1000);
      timer.unref();
      kick();
    },

    async stop() {
      stopped = true;
      stopping = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
