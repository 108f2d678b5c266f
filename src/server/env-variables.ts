import * as z from 'zod';
import { PROVIDER_NAMES } from '../providers/registry';
import { int, optional } from '../providers/shared/env-schema';
import { LENDER_ID_PATTERN } from './link/api-keys';
import { PUSH_SECRET_PATTERN } from './push/push-secret';
import { WEBHOOK_RETRY_MAX_HOURS, WEBHOOK_RETRY_MIN_HOURS } from './webhooks/retry-schedule';

// The server's own variables (not a vendor's: each vendor folder's config.ts reads its own). The
// abuse and HTTP limits are read from their definitions in env-limits.ts.

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** NODE_ENV=production is the one switch to the safe posture; anything else is development. */
export const NODE_ENVS = ['production', 'development', 'test'] as const;

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

const hostName = z
  .string()
  .trim()
  .regex(/^[\w.:[\]-]+$/, { error: 'must be a host name or IP address' });

const flag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

const postgresUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.pathname.length > 1;
    } catch {
      return false;
    }
  },
  { error: 'must be a postgres:// URL naming a database, e.g. postgres://user:password@host:5432/carrierlink' },
);

const lenderList = z
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
  });

/** The upstream selection: which registered vendor serves this deployment's sessions. */
export const ProviderEnvSchema = z.object({
  PROVIDER: optional(z.enum(PROVIDER_NAMES, { error: `must be one of: ${PROVIDER_NAMES.join(', ')}` })),
});

export const ServerEnvSchema = z.object({
  NODE_ENV: optional(z.enum(NODE_ENVS, { error: `must be one of: ${NODE_ENVS.join(', ')}` })),
  PUSH_SECRET: optional(
    z.string().trim().regex(PUSH_SECRET_PATTERN, { error: 'must be 32-96 of A-Z a-z 0-9 _ - (e.g. openssl rand -base64 33 | tr +/ -_)' }),
  ),
  TRUST_PROXY: optional(z.string()),
  PORT: optional(int(0, 65535)),
  HOST: optional(hostName),
  SMS_RESEND_SECONDS: optional(int(10, 600)),
  SESSION_TTL_SECONDS: optional(int(60, 86_400)),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of: ${LOG_LEVELS.join(', ')}` })),
  // Parsed by parseLenderApiKeys, which never echoes a key.
  LENDER_API_KEYS: optional(z.string()),
  REQUIRE_LINK_TOKEN: optional(flag),
  LINK_TOKEN_TTL_SECONDS: optional(int(60, 86_400)),
  DEMO_MODE: optional(z.enum(['on', 'off'], { error: 'must be on or off' })),
  PUBLIC_URL: optional(origin('must be an http(s) URL without a path, e.g. https://carrierlink.example.com')),
  EXAMPLE_LENDER_PORT: optional(int(0, 65535)),
  EXAMPLE_LENDER_ORIGIN: optional(origin('must be an http(s) origin without a path, e.g. http://localhost:3001')),
  DATA_DIR: optional(z.string().trim().min(1).max(1024)),
  RETENTION_DAYS: optional(int(1, 365)),
  WEBHOOK_RETRY_BASE_MS: optional(int(100, 3_600_000)),
  WEBHOOK_RETRY_MAX_DELAY_MS: optional(int(60_000, 21_600_000)),
  WEBHOOK_RETRY_HOURS: optional(int(WEBHOOK_RETRY_MIN_HOURS, WEBHOOK_RETRY_MAX_HOURS)),
  WEBHOOK_CONCURRENCY: optional(int(1, 256)),
  WEBHOOK_ENDPOINT_CONCURRENCY: optional(int(1, 32)),
  COLLECT_FIRST_POLL_SECONDS: optional(int(1, 86_400)),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: optional(flag),
  DASHBOARD_SESSION_HOURS: optional(int(1, 168)),
  ANALYTICS_RETENTION_DAYS: optional(int(30, 3650)),
  DATABASE_URL: optional(postgresUrl),
  DATABASE_POOL_SIZE: optional(int(1, 200)),
  METRICS_PORT: optional(int(1, 65535)),
  METRICS_HOST: optional(hostName),
  METRICS_TOKEN: optional(z.string().regex(/^[A-Za-z0-9_-]{32,256}$/, { error: 'must be 32-256 of A-Z a-z 0-9 _ -' })),
  SHUTDOWN_DELAY_SECONDS: optional(int(0, 120)),
  SHUTDOWN_TIMEOUT_SECONDS: optional(int(1, 900)),
  LENDER_FULL_ID_CARDS: optional(lenderList),
});

export type ServerEnv = z.output<typeof ServerEnvSchema>;
