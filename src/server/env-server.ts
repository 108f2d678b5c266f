import { resolve } from 'node:path';
import { given } from '../providers/shared/env-schema';
import type { EnvSource } from '../providers/shared/env-schema';
import { ABUSE_LIMITS, SERVER_LIMITS, readLimits, readTrustProxy } from './env-limits';
import { productionProblems } from './env-production';
import type { ServerEnv } from './env-variables';
import { parseLenderApiKeys } from './link/api-keys';
import { DEFAULT_WEBHOOK_RETRY_SETTINGS } from './webhooks/retry-schedule';
import type { RunMode, ServerSettings } from './env';

// The server's settings from its own variables: cross-variable rules first (every problem is
// reported at once), then the defaults of development and production.

/** Where browsers reach the server when PUBLIC_URL is unset: the bound address, unless it is a wildcard. */
function defaultPublicUrl(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '[::]';
  const shown = wildcard ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** DATA_DIR (default ./data, from the working directory) holds carrierlink.sqlite; `:memory:` keeps nothing. */
function databasePath(dataDir: string | undefined): string {
  if (dataDir === ':memory:') return ':memory:';
  return resolve(dataDir ?? 'data', 'carrierlink.sqlite');
}

export const runMode = (source: EnvSource): RunMode => (given(source['NODE_ENV'])?.trim() === 'production' ? 'production' : 'development');

/** PUBLIC_URL, or where the server listens; vendor settings derive push URLs from it. */
export function publicUrlOf(env: ServerEnv | undefined): string {
  const port = env?.PORT ?? 3000;
  return env?.PUBLIC_URL ?? defaultPublicUrl(env?.HOST ?? '127.0.0.1', port);
}

/**
 * Rules across server variables, read from the raw values too (so they are reported alongside any
 * malformed one). `env` is undefined when a server variable failed its schema.
 */
export function serverProblems(source: EnvSource, env: ServerEnv | undefined): string[] {
  const problems: string[] = [];
  const lenderKeys = parseLenderApiKeys(given(source['LENDER_API_KEYS']) ?? '');
  problems.push(...lenderKeys.problems.map((problem) => `LENDER_API_KEYS: ${problem}`));
  if (env) {
    const port = env.PORT ?? 3000;
    if (env.EXAMPLE_LENDER_PORT && env.EXAMPLE_LENDER_PORT === port) {
      problems.push('EXAMPLE_LENDER_PORT: must differ from PORT (or be 0 to turn the example lender off)');
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT === port) {
      problems.push('METRICS_PORT: must differ from PORT (metrics on the main port need METRICS_TOKEN instead)');
    }
    const retryBase = env.WEBHOOK_RETRY_BASE_MS ?? DEFAULT_WEBHOOK_RETRY_SETTINGS.baseMs;
    const retryMax = env.WEBHOOK_RETRY_MAX_DELAY_MS ?? DEFAULT_WEBHOOK_RETRY_SETTINGS.maxDelayMs;
    if (retryBase > retryMax) problems.push('WEBHOOK_RETRY_BASE_MS: must not exceed WEBHOOK_RETRY_MAX_DELAY_MS');
    if ((env.WEBHOOK_ENDPOINT_CONCURRENCY ?? 2) > (env.WEBHOOK_CONCURRENCY ?? 16)) {
      problems.push('WEBHOOK_ENDPOINT_CONCURRENCY: must not exceed WEBHOOK_CONCURRENCY');
    }
  }
  readLimits(ABUSE_LIMITS, source, problems);
  const server = readLimits(SERVER_LIMITS, source, problems);
  if (server.headersTimeoutMs > server.requestTimeoutMs) problems.push('HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS');
  readTrustProxy(source['TRUST_PROXY'], problems);
  if (runMode(source) === 'production') problems.push(...productionProblems(source));
  else if (given(source['DATABASE_URL']) !== undefined && given(source['PUSH_SECRET']) === undefined) {
    // A generated secret lives in one instance's DATA_DIR; the others would refuse its push URLs.
    problems.push('PUSH_SECRET: required with DATABASE_URL: every instance sharing the database must accept the same vendor push URLs');
  }
  return problems;
}

/** The server's settings, once `serverProblems` found none. `vendorTimeoutMs` is the longest vendor call. */
export function serverSettings(source: EnvSource, env: ServerEnv, vendorTimeoutMs: number): ServerSettings {
  const mode = runMode(source);
  const port = env.PORT ?? 3000;
  const host = env.HOST ?? '127.0.0.1';
  const production = mode === 'production';
  // Production requires links (productionProblems refuses REQUIRE_LINK_TOKEN=false there).
  const requireLinkToken = env.REQUIRE_LINK_TOKEN ?? production;
  // PORT+1 by default; there is none beside a random (0) or the last port.
  const examplePort = env.EXAMPLE_LENDER_PORT ?? (port === 0 || port === 65535 ? 0 : port + 1);
  const exampleLender =
    requireLinkToken || examplePort === 0
      ? undefined
      : { port: examplePort, origin: env.EXAMPLE_LENDER_ORIGIN ?? `http://localhost:${examplePort}` };
  const publicUrl = publicUrlOf(env);
  return {
    mode,
    port,
    host,
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionTtlSeconds: env.SESSION_TTL_SECONDS ?? 1800,
    smsResendSeconds: env.SMS_RESEND_SECONDS ?? 60,
    publicUrl,
    lenderApiKeys: parseLenderApiKeys(given(source['LENDER_API_KEYS']) ?? '').keys,
    requireLinkToken,
    linkTokenTtlSeconds: env.LINK_TOKEN_TTL_SECONDS ?? 1800,
    exampleLender,
    // A server that only serves lender links has no token-less page to run demos from.
    demoMode: !requireLinkToken && (env.DEMO_MODE ?? 'on') === 'on',
    databasePath: databasePath(env.DATA_DIR),
    retentionDays: env.RETENTION_DAYS ?? 7,
    webhookRetryBaseMs: env.WEBHOOK_RETRY_BASE_MS ?? DEFAULT_WEBHOOK_RETRY_SETTINGS.baseMs,
    webhookRetryMaxDelayMs: env.WEBHOOK_RETRY_MAX_DELAY_MS ?? DEFAULT_WEBHOOK_RETRY_SETTINGS.maxDelayMs,
    webhookRetryHours: env.WEBHOOK_RETRY_HOURS ?? DEFAULT_WEBHOOK_RETRY_SETTINGS.hours,
    webhookConcurrency: { total: env.WEBHOOK_CONCURRENCY ?? 16, perEndpoint: env.WEBHOOK_ENDPOINT_CONCURRENCY ?? 2 },
    collectFirstPollSeconds: env.COLLECT_FIRST_POLL_SECONDS ?? 30,
    // A production posture (links required) refuses them unless said otherwise.
    webhookAllowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? !requireLinkToken,
    dashboardSessionHours: env.DASHBOARD_SESSION_HOURS ?? 12,
    analyticsRetentionDays: env.ANALYTICS_RETENTION_DAYS ?? 400,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE ?? 10,
    metricsListener: env.METRICS_PORT === undefined ? undefined : { port: env.METRICS_PORT, host: env.METRICS_HOST ?? '127.0.0.1' },
    metricsToken: env.METRICS_TOKEN,
    // Behind a load balancer (production) keep serving a few seconds after /readyz turns 503, so it stops routing here first.
    shutdownDelayMs: (env.SHUTDOWN_DELAY_SECONDS ?? (production ? 5 : 0)) * 1000,
    // Past the longest upstream call (the vendor timeouts), so a drain lets running calls finish.
    shutdownTimeoutMs: (env.SHUTDOWN_TIMEOUT_SECONDS ?? Math.ceil(vendorTimeoutMs / 1000) + 30) * 1000,
    // Masked unless the operator names the lenders that need full numbers.
    fullIdCardLenders: env.LENDER_FULL_ID_CARDS ?? [],
    pushSecret: env.PUSH_SECRET,
    dataDir: env.DATA_DIR === ':memory:' ? undefined : resolve(env.DATA_DIR ?? 'data'),
    limits: readLimits(ABUSE_LIMITS, source, []),
    server: readLimits(SERVER_LIMITS, source, []),
    trustProxy: readTrustProxy(source['TRUST_PROXY'], []),
    hsts: production && publicUrl.startsWith('https:'),
  };
}
