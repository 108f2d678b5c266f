import type { PartialVendorSettings } from '../../providers/registry';
import type { FastifyInstance } from 'fastify';
import type { ProviderDataSource } from '../../providers/data-model';
import type { ProviderName } from '../../providers/types';
import type { LenderAnalytics } from '../analytics/session-events';
import type { ApiKeyring } from '../link/api-keys';
import { registerLenderApi } from '../lender/routes';
import { registerOpenApi } from '../lender/openapi';
import type { UpdateLinkDeps } from '../lender/update-link-routes';
import { registerPushRoutes } from '../push/push-routes';
import type { Metrics } from '../ops/metrics';
import type { DurableStore } from '../store/types';
import { createPublicOnlyFetch } from '../webhooks/address-guard';
import { createWebhookDispatcher } from '../webhooks/dispatcher';
import { createReplay } from '../webhooks/replay';
import type { Replay } from '../webhooks/replay';
import { DEFAULT_WEBHOOK_RETRY_SETTINGS, webhookRetryPolicy } from '../webhooks/retry-schedule';
import { createCollector } from './collector';
import type { Collector } from './collector';
import { createRetention } from './retention';

/**
 * Pushes naming no collection recorded per vendor and hour (the rest are answered, not kept). A
 * vendor pushes at most a few per authorization before we record it; a flood is not the vendor.
 */
export const UNMATCHED_PUSHES_PER_HOUR = 1000;

/** What happens after authorization, as configured. */
export interface AfterAuthorizationOptions {
  store: DurableStore;
  /** The data side of each configured provider (demo sessions are never collected). */
  sources: Partial<Record<ProviderName, ProviderDataSource>>;
  keyring: ApiKeyring;
  publicUrl: string;
  linkTtlSeconds: number;
  /** The secret segment of every push URL (PUSH_SECRET). */
  pushSecret: string;
  /** Vendors whose push hooks exist; defaults to those with a data source. */
  pushProviders?: readonly ProviderName[];
  /** The vendors' settings their push parsing reads (e.g. a push decryption key). */
  vendorSettings?: PartialVendorSettings;
  retentionDays: number;
  /** Step analytics are purged this many days after their session was created (default 400). */
  analyticsRetentionDays?: number;
  webhookRetryBaseMs?: number;
  /** Longest wait between two webhook attempts (before ±20% jitter); default an hour. */
  webhookRetryMaxDelayMs?: number;
  /** Webhooks are retried for at least this long; default 72. */
  webhookRetryHours?: number;
  /** Webhook deliveries in flight in all and per endpoint origin; default 16 and 2. */
  webhookConcurrency?: { total: number; perEndpoint: number };
  /** When the first fetch runs without a push. */
  collectFirstPollMs?: number;
  /** Data fetch backoff base (tests shorten it). */
  collectRetryBaseMs?: number;
  /** false: lender webhooks never reach loopback or private addresses (WEBHOOK_ALLOW_PRIVATE_NETWORKS). Default true. */
  allowPrivateWebhooks?: boolean;
  /** Step analytics of collection outcomes. */
  analytics?: Pick<LenderAnalytics, 'collected' | 'collectFailed'>;
  /** Counted into (pushes, collection times, webhook deliveries). */
  metrics?: Metrics;
  /** Names this process in the leases its collector and dispatcher take. */
  instanceId?: string;
  /** Lenders that receive full ID-card numbers (LENDER_FULL_ID_CARDS); default none: masked. */
  fullIdCardLenders?: readonly string[] | '*';
  /** Update links in the lender API (the link service, its TTL and the per-lender creation limit). */
  updateLinks?: UpdateLinkDeps;
  /** Background loops (collector, webhook dispatcher, retention); off in tests that drive them by hand. */
  background?: boolean;
  now?: () => number;
}

/**
 * Registers the push receivers, the lender API, /openapi.json, and runs the collector, the webhook
 * dispatcher and the retention purge while the app is up. Answers the collector (the session
 * service tells it about authorizations).
 */
export function registerAfterAuthorization(
  app: FastifyInstance,
  options: AfterAuthorizationOptions,
): { collector: Collector; replay: Replay } {
  const { store } = options;
  const retrySettings = {
    baseMs: options.webhookRetryBaseMs ?? DEFAULT_WEBHOOK_RETRY_SETTINGS.baseMs,
    maxDelayMs: options.webhookRetryMaxDelayMs ?? DEFAULT_WEBHOOK_RETRY_SETTINGS.maxDelayMs,
    hours: options.webhookRetryHours ?? DEFAULT_WEBHOOK_RETRY_SETTINGS.hours,
  };
  const dispatcher = createWebhookDispatcher({
    outbox: store.outbox,
    endpoints: store.webhooks,
    slots: store.webhookSlots,
    log: app.log,
    ...(options.metrics && { metrics: options.metrics }),
    ...(options.instanceId !== undefined && { owner: options.instanceId }),
    ...(options.allowPrivateWebhooks === false && { fetch: createPublicOnlyFetch() }),
    ...(options.now && { now: options.now }),
    retry: webhookRetryPolicy(retrySettings),
    retryWindowMs: retrySettings.hours * 3_600_000,
    ...(options.webhookConcurrency && {
      concurrency: options.webhookConcurrency.total,
      endpointConcurrency: options.webhookConcurrency.perEndpoint,
    }),
  });
  const collector = createCollector({
    store,
    unmatchedPushes: store.rateLimiter({ keyPrefix: 'push_unmatched', points: UNMATCHED_PUSHES_PER_HOUR, durationSeconds: 3600 }),
    sources: options.sources,
    log: app.log,
    onEvents: () => dispatcher.kick(),
    ...(options.analytics && { analytics: options.analytics }),
    ...(options.metrics && { metrics: options.metrics }),
    ...(options.instanceId !== undefined && { owner: options.instanceId }),
    ...(options.now && { now: options.now }),
    ...(options.collectFirstPollMs !== undefined && { firstAttemptDelayMs: options.collectFirstPollMs }),
    ...(options.collectRetryBaseMs !== undefined && { retry: { baseMs: options.collectRetryBaseMs } }),
  });
  const retention = createRetention({
    store,
    days: options.retentionDays,
    analyticsDays: options.analyticsRetentionDays ?? 400,
    log: app.log,
    ...(options.now && { now: options.now }),
  });

  const replay = createReplay({ store, now: options.now ?? Date.now, kick: () => dispatcher.kick() });

  const pushProviders = options.pushProviders ?? (Object.keys(options.sources) as ProviderName[]);
  registerPushRoutes(app, {
    collector,
    secret: options.pushSecret,
    providers: pushProviders,
    ...(options.vendorSettings && { settings: options.vendorSettings }),
  });
  registerLenderApi(app, {
    keyring: options.keyring,
    store,
    dispatcher,
    replay,
    allowPrivateNetworks: options.allowPrivateWebhooks ?? true,
    ...(options.fullIdCardLenders !== undefined && { fullIdCardLenders: options.fullIdCardLenders }),
    ...(options.updateLinks && { updateLinks: options.updateLinks }),
    ...(options.now && { now: options.now }),
  });
  registerOpenApi(app, { publicUrl: options.publicUrl, linkTtlSeconds: options.linkTtlSeconds });

  if (options.background !== false) {
    app.addHook('onReady', async () => {
      collector.start();
      dispatcher.start();
      retention.start();
    });
  }
  // Stops before the store closes (hooks run in order of registration; the store's own hook is added first).
  app.addHook('preClose', async () => {
    retention.stop();
    await collector.stop();
    await dispatcher.stop();
  });
  return { collector, replay };
}
