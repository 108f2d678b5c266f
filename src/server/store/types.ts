import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { CollectedData, CrawlStage, ExtraKind, ExtraResult } from '../../providers/data-model';
import type { SharedTokenStore } from '../../providers/shared/shared-token';
import type { SimulatorStateStore } from '../../providers/shared/sim-state';
import type { ProviderName } from '../../providers/types';
import type { ConsentStore } from '../link/consents';
import type { LinkRecord } from '../link/schemas';
import type { LinkStore } from '../link/store';
import type { SessionRecord } from '../session/record';
import type { SessionStore } from '../session/store';
import type { AnalyticsStore, DashboardSessionStore } from './analytics-types';

// The durable side of CarrierLink. Interfaces only: the SQLite implementation (./sqlite) is the
// embedded default, the PostgreSQL one (./postgres) serves many instances. Every compound method
// below is atomic by contract: either all of it is recorded or none of it.

/**
 * A claim on a piece of work (a collection to fetch, a webhook to deliver). While the lease runs,
 * no other holder can claim the work; a holder that dies simply lets it run out, and the work is
 * claimed again after it. Times are the store's clock (instances keep their clocks in sync, NTP).
 */
export interface Lease {
  /** Unique per holder, e.g. `<instance id>:<random>`; shown in the store for support. */
  owner: string;
  /** Length from now, in milliseconds. */
  ms: number;
}

/** Where an authorized session's collection stands. */
export const COLLECTION_STATUSES = ['collecting', 'data_ready', 'failed', 'purged'] as const;
export type CollectionStatus = (typeof COLLECTION_STATUSES)[number];

/** One authorized session and the work of fetching its data. */
export interface CollectionRecord {
  sessionId: string;
  provider: ProviderName;
  /** The lender whose link opened the session; null for a session opened without a link. */
  lenderId: string | null;
  lenderUserId: string | null;
  /** Demo sessions run on the demo simulators. */
  demo: boolean;
  /** Our applicant id upstream (the vendor's user id field). */
  userId: string;
  /** The vendor's crawl or session id. */
  taskId: string;
  /** Full number: the upstream data calls need it. Personal data: never logged unmasked, purged with the data. */
  phone: string;
  status: CollectionStatus;
  /** Crawl stages seen so far (informational). */
  stages: CrawlStage[];
  /** Fetch attempts so far, and when the next is due (null: none scheduled). */
  attempts: number;
  nextAttemptAt: string | null;
  /** The vendor's extras still to fetch (empty when none or all done). */
  extrasPending: ExtraKind[];
  extraAttempts: number;
  failure: { code: string; message: string } | null;
  authorizedAt: string;
  updatedAt: string;
  readyAt: string | null;
  failedAt: string | null;
  purgedAt: string | null;
  /** Update mode: the completed session this collection refreshes (null for a first authorization). */
  previousSessionId: string | null;
}

/** A lender webhook event waiting for (or past) delivery. */
export const WEBHOOK_EVENT_TYPES = ['authorized', 'data_ready', 'failed', 'crawl_progress', 'report_ready'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface OutboxEventInput {
  /** `evt_` + random; the idempotency id the lender dedupes on. */
  id: string;
  lenderId: string;
  type: WebhookEventType;
  sessionId: string;
  /** The JSON body sent, as is (never personal data beyond the lender's own user id). */
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface OutboxEvent extends OutboxEventInput {
  attempts: number;
  nextAttemptAt: string;
  deliveredAt: string | null;
  /** Given up after the last attempt. */
  deadAt: string | null;
  /** HTTP status or error name of the last failed attempt. */
  lastError: string | null;
  /** Times the lender asked for it again (dashboard or POST /api/v1/webhook-events/{id}/replay). */
  replays: number;
  replayedAt: string | null;
}

/**
 * Where a webhook event stands: waiting for its first attempt (`pending`), retried after a failed
 * attempt (`failing`), acknowledged (`delivered`) or given up (`dead`).
 */
export const OUTBOX_STATES = ['pending', 'failing', 'delivered', 'dead'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxLenderQuery {
  lenderId: string;
  state?: OutboxState;
  sessionId?: string;
  /** Continue after this event (createdAt, id) of the previous page; newest first. */
  after?: { createdAt: string; id: string };
  limit: number;
}

export interface WebhookEndpoint {
  lenderId: string;
  url: string;
  /** HMAC-SHA256 signing secret (`whsec_` + random). Server-side and shown to the lender only. */
  secret: string;
  updatedAt: string;
}

/** A vendor push as recorded. `dedupeKey` makes a vendor's retry of the same push a duplicate. */
export interface PushInput {
  provider: ProviderName;
  /** e.g. `notice`, `auth`, `report`, `result`, `status`. */
  kind: string;
  /** Our userId or taskId, as the vendor's descriptor says: how the push names the session upstream. */
  upstreamKey: string;
  /** Whether the push says the crawl (or step) succeeded. */
  ok: boolean;
  dedupeKey: string;
  /**
   * The decoded body (a result push carries the data itself), or null for a push that named no
   * collection when it came; purged with collected data.
   */
  body: unknown;
  receivedAt: string;
}

/** What recording an authorization takes: the record's identity fields, and when to fetch first. */
export type CollectionInput = Pick<
  CollectionRecord,
  'sessionId' | 'provider' | 'lenderId' | 'lenderUserId' | 'demo' | 'userId' | 'taskId' | 'phone' | 'authorizedAt' | 'extrasPending'
> & {
  /** When the first fetch is due without any push (pushes are hints; polling is the fallback). */
  firstAttemptAt: string;
  /** Update mode: the session this one refreshes (absent or null for a first authorization). */
  previousSessionId?: string | null;
};

/** The data of a ready collection. */
export interface StoredData {
  data: CollectedData;
  /** Raw vendor payloads by method or path. */
  raw: Record<string, unknown>;
  extras: Partial<Record<ExtraKind, ExtraResult>>;
}

export interface CollectionStore {
  /**
   * Records an authorization and its webhook events. Idempotent on sessionId: a second call
   * changes nothing and answers created=false (events are not enqueued twice).
   */
  createAuthorized(input: CollectionInput, events: OutboxEventInput[]): Promise<{ created: boolean }>;
  get(sessionId: string): Promise<CollectionRecord | undefined>;
  /** By what a push names: userId or taskId, as the vendor's descriptor (`push.names`) says. */
  findByUpstream(provider: ProviderName, upstreamKey: string): Promise<CollectionRecord | undefined>;
  /** Collections whose fetch or extras are due at `now` (status collecting or extras pending), oldest first. */
  due(now: string, limit: number): Promise<CollectionRecord[]>;
  /**
   * Like `due`, but only collections no other live lease holds, each leased to `lease.owner` in the
   * same atomic step: two instances never claim one collection at once. Any later write of the
   * collection (reschedule, markReady, saveExtras, markFailed) ends the lease.
   */
  claim(now: string, limit: number, lease: Lease): Promise<CollectionRecord[]>;
  /** Gives up the leases `owner` holds on these collections (work claimed but not done). */
  release(sessionIds: readonly string[], owner: string): Promise<void>;
  /** Schedules the next attempt (and records stages seen); events (progress) are enqueued atomically. */
  reschedule(
    sessionId: string,
    update: { attempts: number; nextAttemptAt: string | null; stages?: CrawlStage[]; extraAttempts?: number },
    events: OutboxEventInput[],
  ): Promise<void>;
  /** Stores the data, marks the collection data_ready, enqueues the events: one step. */
  markReady(sessionId: string, stored: StoredData, at: string, events: OutboxEventInput[]): Promise<void>;
  /**
   * Updates extras after data_ready (a late report, say); `pending` is what is still to fetch.
   * `events` (report_ready once none is pending) are enqueued in the same step.
   */
  saveExtras(
    sessionId: string,
    extras: Partial<Record<ExtraKind, ExtraResult>>,
    pending: ExtraKind[],
    nextAttemptAt: string | null,
    at: string,
    events?: OutboxEventInput[],
  ): Promise<void>;
  markFailed(sessionId: string, failure: { code: string; message: string }, at: string, events: OutboxEventInput[]): Promise<void>;
  data(sessionId: string): Promise<StoredData | undefined>;
  /** Moves the next attempt to `at` when it is later (a push arrived); no-op for a collection with nothing to fetch. */
  wake(sessionId: string, at: string): Promise<void>;
}

export interface PushStore {
  /**
   * Records a push once: a second push with the same dedupeKey answers duplicate=true and changes
   * nothing. When `wake` names a collection, its next attempt moves to the push's time atomically.
   */
  record(push: PushInput, wake?: { sessionId: string }): Promise<{ duplicate: boolean }>;
  /** Pushes for one upstream key (tests and support), oldest first. */
  list(provider: ProviderName, upstreamKey: string): Promise<Array<PushInput & { id: number }>>;
}

export interface Outbox {
  enqueue(events: OutboxEventInput[]): Promise<void>;
  /** Undelivered, not dead, due at `now`; oldest first. */
  due(now: string, limit: number): Promise<OutboxEvent[]>;
  /**
   * Like `due`, but only events no other live lease holds, each leased to `lease.owner` in the
   * same atomic step, so an event is attempted by one instance at a time. Settling an event
   * (markDelivered, markRetry, markDead) ends its lease.
   */
  claim(now: string, limit: number, lease: Lease): Promise<OutboxEvent[]>;
  /** Gives up the leases `owner` holds on these events (claimed but not attempted). */
  release(ids: readonly string[], owner: string): Promise<void>;
  /** Undelivered, not dead events (due or waiting for a retry) and the creation time of the oldest (metrics). */
  backlog(): Promise<{ pending: number; oldestCreatedAt: string | null }>;
  markDelivered(id: string, at: string): Promise<void>;
  markRetry(id: string, attempts: number, nextAttemptAt: string, error: string): Promise<void>;
  markDead(id: string, attempts: number, at: string, error: string): Promise<void>;
  get(id: string): Promise<OutboxEvent | undefined>;
  /** Events of one session, oldest first (lender API and tests). */
  listBySession(sessionId: string): Promise<OutboxEvent[]>;
  /** One lender's events, newest first (the dashboard's deliveries, GET /api/v1/webhook-events). */
  listByLender(query: OutboxLenderQuery): Promise<OutboxEvent[]>;
  /**
   * Sends a lender's event again, whatever its state: it becomes due at `at` with a fresh attempt
   * budget (same id and body, so a receiver that has it dedupes). Undefined for an unknown event or
   * another lender's.
   */
  replay(id: string, lenderId: string, at: string): Promise<OutboxEvent | undefined>;
}

export interface WebhookEndpointStore {
  get(lenderId: string): Promise<WebhookEndpoint | undefined>;
  put(endpoint: WebhookEndpoint): Promise<void>;
  delete(lenderId: string): Promise<void>;
}

/** A delivery slot of one receiving endpoint, as its holder knows it. */
export interface EndpointSlot {
  /** The endpoint (a webhook URL's origin). */
  endpoint: string;
  /** 0 .. limit - 1. */
  slot: number;
  /** Random per acquisition: a holder whose lease ran out and was taken over frees nothing. */
  token: string;
}

/**
 * Delivery slots per receiving endpoint, shared by every dispatcher on the store, so a limit on
 * parallel deliveries to one endpoint holds across instances. A slot is a lease: its holder
 * renews it while delivering and releases it when done; a holder that dies lets it run out, and
 * the slot is taken again after it.
 */
export interface WebhookSlotStore {
  /**
   * Takes a free slot of `endpoint` among 0 .. limit - 1 (never held, released, or its lease run
   * out at `now`) for `lease.ms` from `now`, atomically across every process on the store.
   * Undefined when all `limit` slots are held.
   */
  acquire(endpoint: string, limit: number, lease: Lease, now: string): Promise<EndpointSlot | undefined>;
  /** Moves a held slot's lease end to `until`; false when the slot is no longer this holder's. */
  renew(slot: EndpointSlot, until: string): Promise<boolean>;
  /** Frees a held slot; one already taken over by another holder is left alone. */
  release(slot: EndpointSlot): Promise<void>;
  /** Slots of `endpoint` held at `now` (metrics, tests). */
  held(endpoint: string, now: string): Promise<number>;
}

export type { SimulatorStateStore } from '../../providers/shared/sim-state';
export type { SharedToken, SharedTokenStore } from '../../providers/shared/shared-token';

/** Which implementation a store is. */
export type StoreKind = 'sqlite' | 'postgres';

/**
 * A push naming no collection is kept (without its body) only this long: long enough to wake a
 * collection authorized just after it, not long enough to pile up.
 */
export const UNMATCHED_PUSH_TTL_MS = 60 * 60 * 1000;

/** What one retention purge removed. */
export interface PurgeReport {
  collections: number;
  pushes: number;
  webhookEvents: number;
  simulatorEntries: number;
}

/**
 * One abuse limit (rate-limiter-flexible semantics): at most `points` per key in a fixed window of
 * `durationSeconds` that starts at the key's first point. `consume` rejects with a RateLimiterRes
 * (msBeforeNext, remainingPoints) past the limit and with an Error when the store fails.
 */
export interface RateLimiterOptions {
  /** Namespace of this limit's keys (`[a-z][a-z0-9_]*`, at most 32), e.g. `sms_10m`; unique per limit. */
  keyPrefix: string;
  /** Points allowed per window (a whole number, at least 1). */
  points: number;
  /** Window length in seconds (a whole number, at least 1). */
  durationSeconds: number;
  /** Past the limit, the key stays refused this long instead of until the window ends (0 or absent: no block). */
  blockDurationSeconds?: number;
}

/** Throws a TypeError for options no store should accept (a bad prefix would mix two limits' keys). */
export function checkRateLimiterOptions(options: RateLimiterOptions): void {
  const whole = (value: number | undefined, min: number) => value === undefined || (Number.isInteger(value) && value >= min);
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(options.keyPrefix))
    throw new TypeError(`rate limiter keyPrefix "${options.keyPrefix}" is not [a-z][a-z0-9_]{0,31}`);
  if (!whole(options.points, 1) || !whole(options.durationSeconds, 1) || !whole(options.blockDurationSeconds, 0)) {
    throw new TypeError(`rate limiter ${options.keyPrefix}: points and durations must be whole numbers (points, duration at least 1)`);
  }
}

/** Everything durable, opened once per process. */
export interface DurableStore {
  kind: StoreKind;
  sessions: SessionStore & {
    /** By public session id (lender API status before authorization). */
    findById(sessionId: string): Promise<SessionRecord | undefined>;
  };
  links: LinkStore & {
    /** The link that promised this session id (a lender asking before the applicant started). */
    findBySessionId(sessionId: string): Promise<LinkRecord | undefined>;
  };
  collections: CollectionStore;
  pushes: PushStore;
  outbox: Outbox;
  webhooks: WebhookEndpointStore;
  /** Per-endpoint delivery slots shared by every instance's webhook dispatcher. */
  webhookSlots: WebhookSlotStore;
  simulatorState: SimulatorStateStore;
  /** Step analytics: events, per-session summaries, funnel queries. */
  analytics: AnalyticsStore;
  /** Signed-in lender dashboard browsers. */
  dashboardSessions: DashboardSessionStore;
  /** The consent given for each session a lender's link opened (kept past retention: it holds no personal data). */
  consents: ConsentStore;
  /** Vendor access tokens shared by every instance (e.g. a token per app id, one refresh at a time). */
  vendorTokens: SharedTokenStore;
  /**
   * Retention: drops collected data, raw payloads, pushes and simulator entries of collections
   * authorized before `before` (their status becomes `purged`), delivered or dead webhook events
   * created before it, and body-less pushes (pushes that named no collection when they came)
   * received more than UNMATCHED_PUSH_TTL_MS before `at`.
   */
  purge(before: string, at: string): Promise<PurgeReport>;
  /**
   * A limiter whose counters live in this store (shared by every process on it, kept across
   * restarts): SQLite's RateLimiterSQLite, PostgreSQL's RateLimiterPostgres. Cheap to call;
   * callers create each limit once at start.
   */
  rateLimiter(options: RateLimiterOptions): RateLimiterAbstract;
  /** Schema version after migrations (tests, /readyz). */
  schemaVersion(): number;
  /** Resolves when the store answers a trivial query (/readyz); rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
export type {
  AnalyticsContext,
  AnalyticsEventInput,
  AnalyticsEventKind,
  AnalyticsScope,
  AnalyticsSessionDetail,
  AnalyticsStore,
  DashboardSessionRecord,
  DashboardSessionStore,
  SessionListQuery,
} from './analytics-types';
