import type { ProviderName, VendorSettings } from '../providers/registry';
import { DEFAULT_PROVIDER, VENDOR_LIST, readVendorSettings } from '../providers/registry';
import { readEnvSchema } from '../providers/shared/env-schema';
import type { EnvSource } from '../providers/shared/env-schema';
import type { AbuseLimits, ServerLimits, TrustProxy } from './env-limits';
import { publicUrlOf, serverProblems, serverSettings } from './env-server';
import { LOG_LEVELS, NODE_ENVS, ProviderEnvSchema, ServerEnvSchema } from './env-variables';
import { readRouting } from './env-routing';
import type { RoutingSettings } from './env-routing';
import type { LenderApiKey } from './link/api-keys';

// The environment, parsed once at start-up: the server's own variables (env-variables.ts,
// env-server.ts, env-limits.ts, env-production.ts) and each registered vendor's (its folder's
// config.ts, through the registry). Every problem is reported at once.

export { LOG_LEVELS, NODE_ENVS };
export type RunMode = 'production' | 'development';
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The demo lender page main.ts serves beside the widget (off when REQUIRE_LINK_TOKEN=true). */
export interface ExampleLender {
  port: number;
  /** The origin browsers reach it at; links it creates allow this origin to frame the widget. */
  origin: string;
}

/** The server's settings, apart from the vendors'. */
export interface ServerSettings {
  /** NODE_ENV=production: vendors, link tokens and the push secret required; demo and the example lender off. */
  mode: RunMode;
  port: number;
  host: string;
  /** Where browsers reach this server (scheme, host and port; no path). */
  publicUrl: string;
  logLevel: LogLevel;
  /** Idle expiry of a session. */
  sessionTtlSeconds: number;
  smsResendSeconds: number;
  /** Lenders allowed to create link tokens (POST /api/link-tokens), each with its API key. */
  lenderApiKeys: LenderApiKey[];
  /** When true, POST /api/sessions refuses a start without a link token (403 link_required). */
  requireLinkToken: boolean;
  /** Default and maximum lifetime of a link token. */
  linkTokenTtlSeconds: number;
  exampleLender: ExampleLender | undefined;
  /** Demo sessions on the built-in simulators (DEMO_MODE; always off when REQUIRE_LINK_TOKEN=true). */
  demoMode: boolean;
  /** The durable store's SQLite file (DATA_DIR/carrierlink.sqlite), or ':memory:' (DATA_DIR=:memory:, tests only). */
  databasePath: string;
  /** Collected personal data is purged this long after authorization (RETENTION_DAYS). */
  retentionDays: number;
  /** First delay of the webhook retry backoff (doubles per attempt up to webhookRetryMaxDelayMs). */
  webhookRetryBaseMs: number;
  /** Longest wait between two webhook attempts, before ±20% jitter (WEBHOOK_RETRY_MAX_DELAY_MS). */
  webhookRetryMaxDelayMs: number;
  /** Webhooks are retried for at least this many hours (WEBHOOK_RETRY_HOURS, 72 to 720). */
  webhookRetryHours: number;
  /** Webhook deliveries in flight per instance (WEBHOOK_CONCURRENCY) and per endpoint origin across all instances (WEBHOOK_ENDPOINT_CONCURRENCY). */
  webhookConcurrency: { total: number; perEndpoint: number };
  /** When the first data fetch runs if no vendor push came (pushes are hints; polling is the fallback). */
  collectFirstPollSeconds: number;
  /** Lender webhook URLs may name loopback and private addresses (development); off for production. */
  webhookAllowPrivateNetworks: boolean;
  /** How long a lender dashboard sign-in lasts (DASHBOARD_SESSION_HOURS). */
  dashboardSessionHours: number;
  /** Step analytics (no personal data) are kept this many days (ANALYTICS_RETENTION_DAYS). */
  analyticsRetentionDays: number;
  /** DATABASE_URL: PostgreSQL shared by every instance; unset = the SQLite file at databasePath. */
  databaseUrl: string | undefined;
  /** Connections each instance may hold to PostgreSQL (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  /** A listener of its own for /metrics (METRICS_PORT, METRICS_HOST); undefined = none. */
  metricsListener: { port: number; host: string } | undefined;
  /** Bearer token that opens /metrics on the main port (METRICS_TOKEN); undefined = /metrics is 404 there. */
  metricsToken: string | undefined;
  /** On SIGTERM: how long to keep serving while /readyz says draining, before closing (load balancers notice). */
  shutdownDelayMs: number;
  /** On SIGTERM: the most the whole drain may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** LENDER_FULL_ID_CARDS: lenders whose data answers carry full ID-card numbers (`*`: all). Default none. */
  fullIdCardLenders: string[] | '*';
  /** PUSH_SECRET; undefined in development when unset (main.ts keeps a generated one in DATA_DIR). */
  pushSecret: string | undefined;
  /** DATA_DIR resolved, or undefined for `:memory:`. */
  dataDir: string | undefined;
  /** Per-number, per-IP, per-session and per-lender abuse limits. */
  limits: AbuseLimits;
  /** The HTTP server's timeouts and connection cap. */
  server: ServerLimits;
  /** Whose X-Forwarded-For names the client (TRUST_PROXY). */
  trustProxy: TrustProxy;
  /** Strict-Transport-Security on every answer: production with an https PUBLIC_URL. */
  hsts: boolean;
}

/** Which vendors serve this deployment's sessions (PROVIDER, PROVIDERS, PROVIDER_ROUTES). */
export interface UpstreamSelection {
  /** The first of `routing.providers` (new sessions' vendor when no route names another). */
  provider: ProviderName;
  /** Vendors, routes and outage thresholds (PROVIDERS, PROVIDER_ROUTES, OUTAGE_*: env-routing.ts). */
  routing: RoutingSettings;
}

/**
 * Everything the server runs with: its own settings, the upstream selection, and each registered
 * vendor's settings under the vendor's name (`config[config.provider]`).
 */
export type ServerConfig = ServerSettings & UpstreamSelection & VendorSettings;

/** Raised with every problem at once; main.ts prints `message` and exits 1. */
export class EnvError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
    this.problems = problems;
  }
}

/** Parses the environment once; throws EnvError listing every bad variable. */
export function parseEnv(source: EnvSource = process.env): ServerConfig {
  const problems: string[] = [];
  const selection = readEnvSchema(ProviderEnvSchema, source, problems);
  const env = readEnvSchema(ServerEnvSchema, source, problems);
  const vendors = readVendorSettings(source, problems, publicUrlOf(env));
  problems.push(...serverProblems(source, env));
  const routing = readRouting(source, problems);
  if (selection === undefined || env === undefined || vendors === undefined || problems.length > 0) throw new EnvError(problems);
  // Every vendor's, not only the selected one's: demo sessions run on all of them.
  const longestCall = Math.max(...VENDOR_LIST.map((vendor) => vendor.env.timeoutMs(vendors[vendor.name])));
  return {
    ...serverSettings(source, env, longestCall),
    provider: routing.providers[0] ?? selection.PROVIDER ?? DEFAULT_PROVIDER,
    routing,
    ...vendors,
  };
}

/** The vendors' settings out of a parsed configuration. */
export function vendorSettingsOf(config: ServerConfig): VendorSettings {
  return Object.fromEntries(VENDOR_LIST.map((vendor) => [vendor.name, config[vendor.name]])) as VendorSettings;
}
