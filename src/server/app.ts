import Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ProviderAdapter, ProviderName } from '../providers/types';
import type { OutageSettings } from './env-routing';
import type { ProviderRoutes } from './routing/provider-routes';
import type { ServerConfig } from './env';
import { registerBrowserEventRoutes } from './analytics/browser-routes';
import { createAnalyticsRecorder } from './analytics/recorder';
import type { AnalyticsRecorder } from './analytics/recorder';
import { createAnalyticsHooks } from './analytics/session-events';
import { registerDashboardApi } from './dashboard/routes';
import { createDashboardBoot } from './dashboard/boot';
import { loadDashboardRenderer, registerDashboardPage } from './dashboard/page';
import type { DashboardPageRenderer } from '../flow/dashboard-api';
import type { AbuseLimits, ServerLimits, TrustProxy } from './env-limits';
import { createAbuseGuard } from './limits/guard';
import { registerDemoRoutes } from './demo/routes';
import { createDemoUpstreams } from './demo/upstreams';
import type { DemoUpstreams, DemoUpstreamsOptions } from './demo/upstreams';
import { ApiFailure, errorBody } from './errors';
import { createApiKeyring } from './link/api-keys';
import type { LenderApiKey } from './link/api-keys';
import { registerEmbedScript } from './link/embed-script';
import { registerLinkRoutes } from './link/link-routes';
import { createLinkService } from './link/service';
import type { LinkStore } from './link/store';
import { loggerOptions } from './logger';
import { distDir } from './package-root';
import { createPushSecret } from './push/push-secret';
import type { LoggerSetup } from './logger';
import { createLifecycle } from './ops/lifecycle';
import type { Lifecycle } from './ops/lifecycle';
import { createMetrics } from './ops/metrics';
import type { Metrics } from './ops/metrics';
import { registerHealthRoutes } from './routes/health-routes';
import { DEFAULT_OUTAGE_SETTINGS } from './env-routing';
import { createOutageDetector } from './outage/detector';
import { registerOutageRoutes } from './outage/outage-routes';
import { randomId } from './session/token';
import { registerSessionRoutes } from './routes/session-routes';
import { isApiPath, registerSecurityHeaders } from './security';
import { createSessionService } from './session/service';
import { registerAfterAuthorization } from './collect/register';
import type { AfterAuthorizationOptions } from './collect/register';
import { openSqliteStore } from './store/sqlite';
import type { DurableStore } from './store/types';
import type { SessionStore } from './session/store';
import { loadPageKit } from './page/renderer';
import { registerWidgetPage, sendPage } from './page/page-routes';
import { registerPhonePost } from './page/phone-post';
import { registerWidget } from './static';

/** The widget build, found from the package root so neither the working directory nor the compiled layout matters. */
export const DEFAULT_WIDGET_DIR = distDir('widget');

/** The embed loader build (dist/embed/embed.js), found the same way. */
export const DEFAULT_EMBED_DIR = distDir('embed');

/** The page renderer build (dist/widget-ssr/render.js), found the same way. */
export const DEFAULT_PAGE_DIR = distDir('widget-ssr');

/** The dashboard build (dist/dashboard), resolved the same way. */
export const DEFAULT_DASHBOARD_DIR = distDir('dashboard');

/** The dashboard's first-view renderer build (dist/dashboard-ssr/render.js), found the same way. */
export const DEFAULT_DASHBOARD_SSR_DIR = distDir('dashboard-ssr');

/** Default lifetime of a link token when no ttlSeconds is given (LINK_TOKEN_TTL_SECONDS' default). */
export const DEFAULT_LINK_TTL_SECONDS = 1800;

/** Requests carry a few short values; anything bigger is not ours (routes may set less; pushes more). */
export const BODY_LIMIT = 16 * 1024;

export interface BuildAppOptions<S> {
  config: Pick<ServerConfig, 'logLevel' | 'sessionTtlSeconds'>;
  /** New sessions' vendor when no route names another; joins `adapters`. */
  adapter: ProviderAdapter<S>;
  /** Every configured vendor (PROVIDERS); sessions fail over between them along `routes`. */
  adapters?: Partial<Record<ProviderName, ProviderAdapter<unknown>>>;
  /** The vendor order per carrier and province (PROVIDER_ROUTES); without it every session stays on `adapter`. */
  routes?: ProviderRoutes;
  /** When recent failures count as an outage (OUTAGE_*); the defaults without it. */
  outage?: OutageSettings;
  /** Defaults to the durable store's sessions. */
  store?: SessionStore;
  now?: () => number;
  /** `false` silences logs; a stream captures them (tests). Defaults to stdout at config.logLevel. */
  logger?: false | Partial<LoggerSetup>;
  /** Built widget directory; defaults to dist/widget. */
  widgetDir?: string;
  /**
   * Built page renderer directory (dist/widget-ssr); defaults to it. Without a renderer the page is
   * the bare shell the widget renders in the browser.
   */
  pageDir?: string;
  /** Built embed loader directory (embed.js and its .br/.gz); defaults to dist/embed. */
  embedDir?: string;
  /** Lender links. Without it: no API keys, links optional, the default TTL, an in-memory store. */
  links?: LinkOptions;
  /** Demo mode (DEMO_MODE). Without it, or disabled: a start asking for `demo` is 400. */
  demo?: DemoOptions;
  /**
   * The durable store and the after-authorization side. Without it: a private in-memory
   * SQLite store closed with the app, no data sources, background loops running.
   */
  durable?: DurableOptions;
  /** The lender dashboard. */
  dashboard?: DashboardOptions;
  /** Step analytics' buffered writer; by default one over the durable store (tests pass their own to flush it). */
  analyticsRecorder?: AnalyticsRecorder;
  /** This process among several sharing the store. */
  instance?: InstanceOptions;
  /** Shared with main.ts (upstream timings, a separate metrics port); by default the app makes its own. */
  metrics?: Metrics;
  /** Serve /metrics on the app's port to this bearer token (METRICS_TOKEN); without it /metrics is 404 here. */
  metricsToken?: string;
  /** Drain state (main.ts starts the drain on SIGTERM); by default the app makes its own. */
  lifecycle?: Lifecycle;
  /** Abuse limits (main.ts always passes them); without them nothing is rate-limited (unit tests of other behaviour). */
  limits?: AbuseLimits;
  /** HTTP server limits and the trusted proxies; Node's defaults without them. */
  http?: { limits?: ServerLimits; trustProxy?: TrustProxy };
  /** Strict-Transport-Security (production with an https PUBLIC_URL). */
  hsts?: boolean;
}

export interface InstanceOptions {
  /** Names this process in the leases it takes (default: a random id). */
  id?: string;
  /** How long a call's lease on its session lasts before renewal (default DEFAULT_LEASE_MS). */
  sessionLeaseMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's Prometheus metrics; `metrics.rateLimitRefusals` is for abuse limits to count their refusals. */
    metrics: Metrics;
    lifecycle: Lifecycle;
  }
}

/** `pushSecret` defaults to a random one nobody knows (so no push is accepted). */
export interface DurableOptions extends Partial<Omit<AfterAuthorizationOptions, 'store' | 'keyring' | 'linkTtlSeconds' | 'now'>> {
  /** Left open: the caller owns it (main.ts closes it after the app). */
  store?: DurableStore;
}

export interface DashboardOptions {
  /** How long a dashboard sign-in lasts (DASHBOARD_SESSION_HOURS, default 12). */
  sessionHours?: number;
  /** Built dashboard directory; defaults to dist/dashboard. */
  dir?: string;
  /** The first view's server renderer; with the default `dir`, loaded from dist/dashboard-ssr when built. */
  renderer?: DashboardPageRenderer;
}

export interface DemoOptions extends DemoUpstreamsOptions {
  enabled: boolean;
  /** Ready demo upstreams (tests), left open; by default the app creates its own and closes them with itself. */
  upstreams?: DemoUpstreams;
}

export interface LinkOptions {
  /** Lenders allowed to create link tokens. */
  apiKeys?: LenderApiKey[];
  /** POST /api/sessions refuses a start without a link token (REQUIRE_LINK_TOKEN). */
  requireLinkToken?: boolean;
  /** Default and maximum lifetime of a link token (LINK_TOKEN_TTL_SECONDS). */
  ttlSeconds?: number;
  /** Defaults to the durable store's links. */
  store?: LinkStore;
}

/** TRUST_PROXY as Fastify takes it: a hop count becomes "trust the nearest n hops". */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

/** The given demo upstreams, or new ones (simulators start on first use) closed with the app. */
function demoUpstreams(app: FastifyInstance, options: DemoOptions): DemoUpstreams {
  if (options.upstreams) return options.upstreams;
  const { enabled: _enabled, upstreams: _upstreams, ...settings } = options;
  const created = createDemoUpstreams({ onStart: (label) => app.log.info(label), ...settings });
  app.addHook('onClose', async () => created.close());
  return created;
}

/** Builds the BFF. Never listens: main.ts does, tests use `inject`. */
export async function buildApp<S>(options: BuildAppOptions<S>): Promise<FastifyInstance> {
  const { config } = options;
  const serverLimits = options.http?.limits;
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions({ level: config.logLevel, ...options.logger }),
    bodyLimit: BODY_LIMIT,
    trustProxy: fastifyTrustProxy(options.http?.trustProxy ?? false),
    ...(serverLimits && { requestTimeout: serverLimits.requestTimeoutMs, keepAliveTimeout: serverLimits.keepAliveTimeoutMs }),
  });
  if (serverLimits) {
    app.server.headersTimeout = serverLimits.headersTimeoutMs;
    app.server.maxConnections = serverLimits.maxConnections;
  }

  // Field actions and restart carry no body; tolerate clients that still send the JSON content type.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') done(null, undefined);
    else parseJson(request, text, done);
  });

  const durableOptions = options.durable ?? {};
  const durable =
    durableOptions.store ??
    openSqliteStore({ path: ':memory:', sessionTtlSeconds: config.sessionTtlSeconds, ...(options.now && { now: options.now }) });
  if (!durableOptions.store) app.addHook('onClose', async () => durable.close());

  const recorder = options.analyticsRecorder ?? createAnalyticsRecorder({ store: durable.analytics, log: app.log });
  const analytics = createAnalyticsHooks(recorder, options.now);
  const metrics = options.metrics ?? createMetrics();
  metrics.watchOutbox(durable.outbox, options.now);
  const lifecycle = options.lifecycle ?? createLifecycle();
  const instanceId = options.instance?.id ?? randomId('inst', 6);
  app.decorate('metrics', metrics);
  app.decorate('lifecycle', lifecycle);
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_class: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });

  const linkOptions = options.links ?? {};
  const linkTtl = linkOptions.ttlSeconds ?? DEFAULT_LINK_TTL_SECONDS;
  const linkStore = linkOptions.store ?? durable.links;
  const links = createLinkService({
    store: linkStore,
    ttlSeconds: linkTtl,
    requireLinkToken: linkOptions.requireLinkToken ?? false,
    log: app.log,
    now: options.now,
    analytics,
    consents: durable.consents,
  });

  const widgetDir = options.widgetDir ?? DEFAULT_WIDGET_DIR;
  const kit = await loadPageKit(options.pageDir ?? DEFAULT_PAGE_DIR, widgetDir);
  registerSecurityHeaders(app, {
    frameAncestors: (linkToken) => links.frameAncestors(linkToken),
    hsts: options.hsts ?? false,
    styleHashes: kit?.styleHashes ?? [],
  });

  app.setErrorHandler((error: FastifyError | ApiFailure, request, reply) => {
    if (error instanceof ApiFailure) {
      if (error.status === 429) metrics.rateLimitRefusals.inc({ limit: error.code });
      const wait = error.guidance.retryAfterSeconds;
      if (wait !== undefined) reply.header('retry-after', String(wait));
      return reply.code(error.status).send(error.toResponse());
    }
    const status = error.statusCode ?? 500;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(400).send(errorBody('bad_request', '请求内容过大', false));
    }
    if (status >= 400 && status < 500) {
      // Parser messages can quote the body, so the answer never echoes them.
      return reply.code(status).send(errorBody('bad_request', '请求格式不正确', false));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('internal_error', '服务暂时不可用，请稍后再试', true));
  });

  const store = options.store ?? durable.sessions;
  const guard = options.limits
    ? createAbuseGuard({ store: durable, limits: options.limits, ...(options.now && { now: options.now }) })
    : undefined;
  const demo = options.demo?.enabled ? demoUpstreams(app, options.demo) : undefined;
  const keyring = createApiKeyring(linkOptions.apiKeys ?? []);
  const { store: _store, ...afterOptions } = durableOptions;
  const publicUrl = durableOptions.publicUrl ?? 'http://127.0.0.1';
  const { collector, replay } = registerAfterAuthorization(app, {
    sources: {},
    publicUrl: 'http://127.0.0.1',
    retentionDays: 7,
    pushSecret: createPushSecret(),
    ...afterOptions,
    store: durable,
    keyring,
    linkTtlSeconds: linkTtl,
    analytics,
    metrics,
    instanceId,
    // Update links share the link service and the per-lender creation limit of POST /api/link-tokens.
    updateLinks: { links, ttlSeconds: linkTtl, ...(guard && { limit: (lenderId: string) => guard.linkCreation(lenderId) }) },
    ...(options.now && { now: options.now }),
  });
  // After the collector has stopped (its preClose hook runs first), before the store closes.
  app.addHook('preClose', async () => recorder.flush());
  const service = createSessionService({
    adapter: options.adapter,
    ...(options.adapters && { adapters: options.adapters }),
    ...(options.routes && { routes: options.routes }),
    demo,
    store,
    log: app.log,
    now: options.now,
    onAuthorized: (record) => collector.authorized(record),
    analytics,
    observe: metrics,
    instanceId,
    ...(options.instance?.sessionLeaseMs !== undefined && { leaseMs: options.instance.sessionLeaseMs }),
    ...(guard && { guard }),
  });

  registerHealthRoutes(app, {
    store: durable,
    lifecycle,
    metrics,
    ...(options.metricsToken !== undefined && { metricsToken: options.metricsToken }),
  });
  registerSessionRoutes(app, service, links, { demo: demo !== undefined, lifecycle, ...(guard && { guard }) });
  if (demo) registerDemoRoutes(app);
  const outages = createOutageDetector({
    store: durable.analytics,
    settings: options.outage ?? DEFAULT_OUTAGE_SETTINGS,
    ...(options.now && { now: options.now }),
    onError: (error) => app.log.error({ err: { name: error instanceof Error ? error.name : 'error' } }, 'outage counts not read'),
  });
  registerOutageRoutes(app, outages, { demo: demo !== undefined });
  registerBrowserEventRoutes(app, { sessions: store, links: linkStore, store: durable.analytics, analytics });
  const dashboardAuth = registerDashboardApi(app, {
    store: durable,
    keyring,
    publicUrl,
    sessionHours: options.dashboard?.sessionHours ?? 12,
    recorder,
    replay,
    now: options.now ?? Date.now,
  });
  await registerDashboardPage(
    app,
    options.dashboard?.dir ?? DEFAULT_DASHBOARD_DIR,
    createDashboardBoot({ auth: dashboardAuth, store: durable, recorder, now: options.now ?? Date.now }),
    options.dashboard?.renderer ?? (options.dashboard?.dir ? undefined : await loadDashboardRenderer(DEFAULT_DASHBOARD_SSR_DIR)),
  );
  registerLinkRoutes(app, links, keyring, linkTtl, guard);
  registerEmbedScript(app, options.embedDir ?? DEFAULT_EMBED_DIR);
  const widget = await registerWidget(app, widgetDir, kit === undefined);
  const page = kit && { kit, links, service, demo: demo !== undefined, ...(guard && { guard }) };
  if (page) {
    registerWidgetPage(app, page);
    registerPhonePost(app, page);
  }
  if (demo) {
    // The designers' gallery and states sheet (one page, routed in the browser).
    app.get('/demo', (_request, reply) => widget.sendDemo(reply));
    app.get('/demo/states', (_request, reply) => widget.sendDemo(reply));
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const navigation = (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(path);
    // A missing hashed asset must fail loudly, not come back as HTML.
    if (navigation && !path.startsWith('/assets/')) return page ? sendPage(page, { request, reply }) : widget.sendShell(reply);
    return reply.code(404).send(errorBody('bad_request', '接口不存在', false));
  });

  return app;
}
