import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { PROVIDER_NAMES } from '../providers/types';
import type { ProviderName } from '../providers/types';
import { ABUSE_LIMITS, SERVER_LIMITS, readLimits, readTrustProxy } from './env-limits';
import type { AbuseLimits, ServerLimits, TrustProxy } from './env-limits';
import { productionProblems } from './env-production';
import { readRouting } from './env-routing';
import type { RoutingSettings } from './env-routing';
import { LENDER_ID_PATTERN, parseLenderApiKeys } from './link/api-keys';
import type { LenderApiKey } from './link/api-keys';
import { PUSH_SECRET_PATTERN } from './push/push-secret';
import { DEFAULT_WEBHOOK_RETRY_SETTINGS, WEBHOOK_RETRY_MAX_HOURS, WEBHOOK_RETRY_MIN_HOURS } from './webhooks/retry-schedule';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** NODE_ENV=production is the one switch to the safe posture; anything else is development. */
export const NODE_ENVS = ['production', 'development', 'test'] as const;
export type RunMode = 'production' | 'development';
export type LogLevel = (typeof LOG_LEVELS)[number];

interface Rong360Common {
  appName: string;
  appVersion: string;
  platform: string;
  /** Where Rong360 posts crawl results, without the push secret (the adapter's notice_url appends `/<PUSH_SECRET>`). */
  noticeUrl: string;
  timeoutMs: number;
}

/** Live upstream: every credential present and the key already proven to parse. */
export interface Rong360Live extends Rong360Common {
  mode: 'live';
  gatewayUrl: string;
  appId: string;
  privateKeyPem: string;
}

/** No gateway configured: main.ts runs the built-in simulator with a throwaway key pair. */
export interface Rong360Simulated extends Rong360Common {
  mode: 'simulator';
}

/** What a Dianhua user whose SMS code never came can do (see .env.example). */
export const DIANHUA_SMS_RESEND_MODES = ['off', 'endpoint'] as const;
export type DianhuaSmsResendMode = (typeof DIANHUA_SMS_RESEND_MODES)[number];

interface DianhuaCommon {
  timeoutMs: number;
  smsResend: DianhuaSmsResendMode;
  maxSmsResends: number;
}

/** Live Dianhua upstream (crs-api.dianhua.cn or a proxy of it). */
export interface DianhuaLive extends DianhuaCommon {
  mode: 'live';
  baseUrl: string;
  appId: string;
  appSecret: string;
}

/** No Dianhua URL configured: main.ts runs the built-in simulator with a random app id and secret. */
export interface DianhuaSimulated extends DianhuaCommon {
  mode: 'simulator';
}

/** The demo lender page main.ts serves beside the widget (off when REQUIRE_LINK_TOKEN=true). */
export interface ExampleLender {
  port: number;
  /** The origin browsers reach it at; links it creates allow this origin to frame the widget. */
  origin: string;
}

export interface ServerConfig {
  /** NODE_ENV=production: vendors, link tokens and the push secret required; demo and the example lender off. */
  mode: RunMode;
  port: number;
  host: string;
  /** Where browsers reach this server (scheme, host and port; no path). */
  publicUrl: string;
  /** The first of `providers` (new sessions' vendor when no route names another). */
  provider: ProviderName;
  /** Vendors, routes and outage thresholds (PROVIDERS, PROVIDER_ROUTES, OUTAGE_*: env-routing.ts). */
  routing: RoutingSettings;
  logLevel: LogLevel;
  /** Idle expiry of a session. */
  sessionTtlSeconds: number;
  smsResendSeconds: number;
  rong360: Rong360Live | Rong360Simulated;
  dianhua: DianhuaLive | DianhuaSimulated;
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
  /** Dianhua's AES/CBC push encryption, when the account has it on. */
  dianhuaPushAes: { key: Buffer; iv: Buffer } | undefined;
  /** First delay of the webhook retry backoff (doubles per attempt up to webhookRetryMaxDelayMs). */
  webhookRetryBaseMs: number;
  /** Longest wait between two webhook attempts, before ±20% jitter (WEBHOOK_RETRY_MAX_DELAY_MS). */
  webhookRetryMaxDelayMs: number;
  /** Webhooks are retried for at least this many hours (WEBHOOK_RETRY_HOURS, 72 to 720). */
  webhookRetryHours: number;
  /** Webhook deliveries in flight per instance (WEBHOOK_CONCURRENCY) and per endpoint origin (WEBHOOK_ENDPOINT_CONCURRENCY). */
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

/** Raised with every problem at once; main.ts prints `message` and exits 1. */
export class EnvError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
    this.problems = problems;
  }
}

// `FOO=` in an .env file means "unset", not "the empty string".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.optional(schema));

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number between ${min} and ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );

const text = z.string().trim().min(1).max(200);

/** An http(s) URL with nothing after the host and port (a trailing slash is dropped). */
const origin = (error: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return /^https?:$/.test(url.protocol) && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
        } catch {
          return false;
        }
      },
      { error },
    )
    .transform((value) => new URL(value).origin);

const EnvSchema = z.object({
  NODE_ENV: optional(z.enum(NODE_ENVS, { error: `must be one of: ${NODE_ENVS.join(', ')}` })),
  PUSH_SECRET: optional(
    z.string().trim().regex(PUSH_SECRET_PATTERN, { error: 'must be 32-96 of A-Z a-z 0-9 _ - (e.g. openssl rand -base64 33 | tr +/ -_)' }),
  ),
  TRUST_PROXY: optional(z.string()),
  PORT: optional(int(0, 65535)),
  HOST: optional(
    z
      .string()
      .trim()
      .regex(/^[\w.:[\]-]+$/, { error: 'must be a host name or IP address' }),
  ),
  PROVIDER: optional(z.enum(PROVIDER_NAMES, { error: `must be one of: ${PROVIDER_NAMES.join(', ')}` })),
  RONG360_BASE_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL (the gateway, e.g. https://openapi.rong360.com/gateway)' }),
  ),
  RONG360_APP_ID: optional(text),
  RONG360_PRIVATE_KEY: optional(z.string()),
  RONG360_PRIVATE_KEY_FILE: optional(z.string()),
  RONG360_APP_NAME: optional(text),
  RONG360_APP_VERSION: optional(text),
  RONG360_PLATFORM: optional(text),
  RONG360_NOTICE_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  RONG360_TIMEOUT_MS: optional(int(1000, 600_000)),
  DIANHUA_BASE_URL: optional(
    // The adapter appends paths such as /token, so a trailing slash would double up.
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL (e.g. https://crs-api.dianhua.cn)' })
      .transform((url) => url.replace(/\/+$/, '')),
  ),
  DIANHUA_APPID: optional(text),
  DIANHUA_APPSECRET: optional(text),
  DIANHUA_TIMEOUT_MS: optional(int(1000, 600_000)),
  DIANHUA_SMS_RESEND: optional(z.enum(DIANHUA_SMS_RESEND_MODES, { error: `must be one of: ${DIANHUA_SMS_RESEND_MODES.join(', ')}` })),
  DIANHUA_MAX_SMS_RESENDS: optional(int(0, 5)),
  SMS_RESEND_SECONDS: optional(int(10, 600)),
  SESSION_TTL_SECONDS: optional(int(60, 86_400)),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of: ${LOG_LEVELS.join(', ')}` })),
  // Parsed by lenderApiKeys() below, which never echoes a key.
  LENDER_API_KEYS: optional(z.string()),
  REQUIRE_LINK_TOKEN: optional(z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true')),
  LINK_TOKEN_TTL_SECONDS: optional(int(60, 86_400)),
  DEMO_MODE: optional(z.enum(['on', 'off'], { error: 'must be on or off' })),
  PUBLIC_URL: optional(origin('must be an http(s) URL without a path, e.g. https://carrierlink.example.com')),
  EXAMPLE_LENDER_PORT: optional(int(0, 65535)),
  EXAMPLE_LENDER_ORIGIN: optional(origin('must be an http(s) origin without a path, e.g. http://localhost:3001')),
  DATA_DIR: optional(z.string().trim().min(1).max(1024)),
  RETENTION_DAYS: optional(int(1, 365)),
  DIANHUA_PUSH_AES_KEY: optional(
    z.string().refine((v) => [16, 24, 32].includes(Buffer.byteLength(v)), { error: 'must be 16, 24 or 32 bytes (AES-128/192/256)' }),
  ),
  DIANHUA_PUSH_AES_IV: optional(z.string().refine((v) => Buffer.byteLength(v) === 16, { error: 'must be 16 bytes' })),
  WEBHOOK_RETRY_BASE_MS: optional(int(100, 3_600_000)),
  WEBHOOK_RETRY_MAX_DELAY_MS: optional(int(60_000, 21_600_000)),
  WEBHOOK_RETRY_HOURS: optional(int(WEBHOOK_RETRY_MIN_HOURS, WEBHOOK_RETRY_MAX_HOURS)),
  WEBHOOK_CONCURRENCY: optional(int(1, 256)),
  WEBHOOK_ENDPOINT_CONCURRENCY: optional(int(1, 32)),
  COLLECT_FIRST_POLL_SECONDS: optional(int(1, 86_400)),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: optional(z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true')),
  DASHBOARD_SESSION_HOURS: optional(int(1, 168)),
  ANALYTICS_RETENTION_DAYS: optional(int(30, 3650)),
  DATABASE_URL: optional(
    z.string().refine(
      (value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.pathname.length > 1;
        } catch {
          return false;
        }
      },
      { error: 'must be a postgres:// URL naming a database, e.g. postgres://user:password@host:5432/carrierlink' },
    ),
  ),
  DATABASE_POOL_SIZE: optional(int(1, 200)),
  METRICS_PORT: optional(int(1, 65535)),
  METRICS_HOST: optional(
    z
      .string()
      .trim()
      .regex(/^[\w.:[\]-]+$/, { error: 'must be a host name or IP address' }),
  ),
  METRICS_TOKEN: optional(z.string().regex(/^[A-Za-z0-9_-]{32,256}$/, { error: 'must be 32-256 of A-Z a-z 0-9 _ -' })),
  SHUTDOWN_DELAY_SECONDS: optional(int(0, 120)),
  SHUTDOWN_TIMEOUT_SECONDS: optional(int(1, 900)),
  LENDER_FULL_ID_CARDS: optional(
    z
      .string()
      .transform((value) =>
        value.trim() === '*'
          ? ('*' as const)
          : value
              .split(',')
              .map((id) => id.trim())
              .filter(Boolean),
      )
      .refine((value) => value === '*' || value.every((id) => LENDER_ID_PATTERN.test(id)), {
        error: 'must be * or comma-separated lender ids (a-z, 0-9, _ and -, 1 to 32 characters)',
      }),
  ),
});

/** Never echoed in a problem message: they hold credentials. */
const SECRET_VARIABLES = /KEY|SECRET|^DATABASE_URL$|^METRICS_TOKEN$/;

const given = (value: string | undefined): string | undefined => (value?.trim() ? value : undefined);

/** PEM text from the variable (with `\n` escapes allowed) or the file; problems are pushed, never thrown. */
function loadPrivateKey(inline: string | undefined, file: string | undefined, problems: string[]): string | undefined {
  if (inline !== undefined && file !== undefined) {
    problems.push('RONG360_PRIVATE_KEY / RONG360_PRIVATE_KEY_FILE: set only one of them');
    return undefined;
  }
  let pem: string;
  let source: string;
  if (inline !== undefined) {
    pem = inline.replace(/\\n/g, '\n').trim();
    source = 'RONG360_PRIVATE_KEY';
  } else if (file !== undefined) {
    source = 'RONG360_PRIVATE_KEY_FILE';
    try {
      pem = readFileSync(file, 'utf8').trim();
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      problems.push(`${source}: cannot read ${file} (${code})`);
      return undefined;
    }
  } else {
    return undefined;
  }
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') {
      problems.push(`${source}: must be an RSA private key (Rong360 signs with SHA1withRSA)`);
      return undefined;
    }
  } catch {
    // Never echo key material into the message.
    problems.push(`${source}: is not a PEM private key that node:crypto can read`);
    return undefined;
  }
  return pem;
}

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

/** Parses the environment once; throws EnvError listing every bad variable. */
export function parseEnv(source: Readonly<Record<string, string | undefined>> = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(source);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      // Echo short, non-secret inputs so the operator sees what was wrong.
      const raw = source[name];
      const shown = raw !== undefined && !SECRET_VARIABLES.test(name) && raw.length <= 80 ? ` (got "${raw}")` : '';
      problems.push(`${name}: ${issue.message}${shown}`);
    }
  }
  // Cross-variable rules read the raw values, so they are reported alongside any malformed one.
  const inlineKey = given(source['RONG360_PRIVATE_KEY']);
  const keyFile = given(source['RONG360_PRIVATE_KEY_FILE']);
  const privateKeyPem = loadPrivateKey(inlineKey, keyFile, problems);
  if (given(source['RONG360_BASE_URL']) !== undefined) {
    if (given(source['RONG360_APP_ID']) === undefined) {
      problems.push('RONG360_APP_ID: required when RONG360_BASE_URL is set');
    }
    if (inlineKey === undefined && keyFile === undefined) {
      problems.push('RONG360_PRIVATE_KEY or RONG360_PRIVATE_KEY_FILE: required when RONG360_BASE_URL is set');
    }
  }
  if (given(source['DIANHUA_BASE_URL']) !== undefined) {
    for (const name of ['DIANHUA_APPID', 'DIANHUA_APPSECRET']) {
      if (given(source[name]) === undefined) problems.push(`${name}: required when DIANHUA_BASE_URL is set`);
    }
  }
  if ((given(source['DIANHUA_PUSH_AES_KEY']) === undefined) !== (given(source['DIANHUA_PUSH_AES_IV']) === undefined)) {
    problems.push('DIANHUA_PUSH_AES_KEY / DIANHUA_PUSH_AES_IV: set both or neither');
  }
  const lenderKeys = parseLenderApiKeys(given(source['LENDER_API_KEYS']) ?? '');
  problems.push(...lenderKeys.problems.map((problem) => `LENDER_API_KEYS: ${problem}`));
  const examplePortGiven = parsed.success ? parsed.data.EXAMPLE_LENDER_PORT : undefined;
  if (examplePortGiven && examplePortGiven === (parsed.data?.PORT ?? 3000)) {
    problems.push('EXAMPLE_LENDER_PORT: must differ from PORT (or be 0 to turn the example lender off)');
  }
  const metricsPortGiven = parsed.success ? parsed.data.METRICS_PORT : undefined;
  if (metricsPortGiven !== undefined && metricsPortGiven === (parsed.data?.PORT ?? 3000)) {
    problems.push('METRICS_PORT: must differ from PORT (metrics on the main port need METRICS_TOKEN instead)');
  }
  const retryBase = parsed.success ? (parsed.data.WEBHOOK_RETRY_BASE_MS ?? DEFAULT_WEBHOOK_RETRY_SETTINGS.baseMs) : undefined;
  const retryMax = parsed.success ? (parsed.data.WEBHOOK_RETRY_MAX_DELAY_MS ?? DEFAULT_WEBHOOK_RETRY_SETTINGS.maxDelayMs) : undefined;
  if (retryBase !== undefined && retryMax !== undefined && retryBase > retryMax) {
    problems.push('WEBHOOK_RETRY_BASE_MS: must not exceed WEBHOOK_RETRY_MAX_DELAY_MS');
  }
  if (parsed.success && (parsed.data.WEBHOOK_ENDPOINT_CONCURRENCY ?? 2) > (parsed.data.WEBHOOK_CONCURRENCY ?? 16)) {
    problems.push('WEBHOOK_ENDPOINT_CONCURRENCY: must not exceed WEBHOOK_CONCURRENCY');
  }
  const routing = readRouting(source, problems);
  const limits = readLimits(ABUSE_LIMITS, source, problems);
  const server = readLimits(SERVER_LIMITS, source, problems);
  if (server.headersTimeoutMs > server.requestTimeoutMs) problems.push('HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS');
  const trustProxy = readTrustProxy(source['TRUST_PROXY'], problems);
  const mode: RunMode = given(source['NODE_ENV'])?.trim() === 'production' ? 'production' : 'development';
  if (mode === 'production') problems.push(...productionProblems(source));
  else if (given(source['DATABASE_URL']) !== undefined && given(source['PUSH_SECRET']) === undefined) {
    // A generated secret lives in one instance's DATA_DIR; the others would refuse its push URLs.
    problems.push('PUSH_SECRET: required with DATABASE_URL: every instance sharing the database must accept the same vendor push URLs');
  }
  if (!parsed.success || problems.length > 0) throw new EnvError(problems);
  const env = parsed.data;

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
  const publicUrl = env.PUBLIC_URL ?? defaultPublicUrl(host, port);
  const common: Rong360Common = {
    appName: env.RONG360_APP_NAME ?? 'carrierlink',
    appVersion: env.RONG360_APP_VERSION ?? '1.0.0',
    platform: env.RONG360_PLATFORM ?? 'web',
    noticeUrl: env.RONG360_NOTICE_URL ?? `${publicUrl}/hooks/rong360`,
    timeoutMs: env.RONG360_TIMEOUT_MS ?? 60_000,
  };

  const rong360: Rong360Live | Rong360Simulated =
    env.RONG360_BASE_URL !== undefined && env.RONG360_APP_ID !== undefined && privateKeyPem !== undefined
      ? { mode: 'live', ...common, gatewayUrl: env.RONG360_BASE_URL, appId: env.RONG360_APP_ID, privateKeyPem }
      : { mode: 'simulator', ...common };

  const dianhuaCommon: DianhuaCommon = {
    timeoutMs: env.DIANHUA_TIMEOUT_MS ?? 60_000,
    smsResend: env.DIANHUA_SMS_RESEND ?? 'off',
    maxSmsResends: env.DIANHUA_MAX_SMS_RESENDS ?? 2,
  };
  const dianhua: DianhuaLive | DianhuaSimulated =
    env.DIANHUA_BASE_URL !== undefined && env.DIANHUA_APPID !== undefined && env.DIANHUA_APPSECRET !== undefined
      ? { mode: 'live', ...dianhuaCommon, baseUrl: env.DIANHUA_BASE_URL, appId: env.DIANHUA_APPID, appSecret: env.DIANHUA_APPSECRET }
      : { mode: 'simulator', ...dianhuaCommon };

  return {
    mode,
    port,
    host,
    provider: routing.providers[0] ?? 'rong360',
    routing,
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionTtlSeconds: env.SESSION_TTL_SECONDS ?? 1800,
    smsResendSeconds: env.SMS_RESEND_SECONDS ?? 60,
    rong360,
    dianhua,
    publicUrl,
    lenderApiKeys: lenderKeys.keys,
    requireLinkToken,
    linkTokenTtlSeconds: env.LINK_TOKEN_TTL_SECONDS ?? 1800,
    exampleLender,
    // A server that only serves lender links has no token-less page to run demos from.
    demoMode: !requireLinkToken && (env.DEMO_MODE ?? 'on') === 'on',
    databasePath: databasePath(env.DATA_DIR),
    retentionDays: env.RETENTION_DAYS ?? 7,
    dianhuaPushAes:
      env.DIANHUA_PUSH_AES_KEY !== undefined && env.DIANHUA_PUSH_AES_IV !== undefined
        ? { key: Buffer.from(env.DIANHUA_PUSH_AES_KEY), iv: Buffer.from(env.DIANHUA_PUSH_AES_IV) }
        : undefined,
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
    shutdownTimeoutMs:
      (env.SHUTDOWN_TIMEOUT_SECONDS ??
        Math.ceil(Math.max(env.RONG360_TIMEOUT_MS ?? 60_000, env.DIANHUA_TIMEOUT_MS ?? 60_000) / 1000) + 30) * 1000,
    // Masked unless the operator names the lenders that need full numbers.
    fullIdCardLenders: env.LENDER_FULL_ID_CARDS ?? [],
    pushSecret: env.PUSH_SECRET,
    dataDir: env.DATA_DIR === ':memory:' ? undefined : resolve(env.DATA_DIR ?? 'data'),
    limits,
    server,
    trustProxy,
    hsts: production && publicUrl.startsWith('https:'),
  };
}
