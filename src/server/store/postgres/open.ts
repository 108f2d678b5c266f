import pg from 'pg';
import { StoreInputError } from '../codec';
import type { CorruptHandler } from '../codec';
import type { DurableStore } from '../types';
import { createPgAnalyticsStore } from './analytics';
import { createPgCollectionStore } from './collections';
import { createPgConsentStore } from './consents';
import { createPgDashboardSessions } from './dashboard-sessions';
import { createPgLinkStore } from './links';
import { migratePostgres, quoteIdent } from './migrations';
import { createPgOutbox } from './outbox';
import { createPgPurge } from './purge';
import { createPgPushStore } from './pushes';
import { createPgRateLimits } from './rate-limits';
import { createPgSessionStore } from './sessions';
import { createPgSimulatorState } from './simulator-state';
import { storeTypes } from './sql';
import { createPgVendorTokens } from './vendor-tokens';
import { createPgWebhookStore } from './webhooks';
import { createPgWebhookSlots } from './webhook-slots';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:5432/db (sslmode and the other libpq parameters as query). */
  connectionString: string;
  /** Idle expiry of sessions. */
  sessionTtlSeconds: number;
  /** Connections this instance may hold (default 10). */
  poolSize?: number;
  /** A schema of its own (created if missing); default: the connection's search_path, usually `public`. */
  schema?: string;
  /** Clock for expiry and leases (ms); defaults to Date.now. */
  now?: () => number;
  /** How often expired sessions and forgotten links are deleted. */
  sweepIntervalMs?: number;
  onCorrupt?: CorruptHandler;
  /** Told of failures no caller awaits (an idle connection dropped, a simulator state write). */
  onError?: (what: string, error: unknown) => void;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

/** The durable store on PostgreSQL, plus its pool (tests and benchmarks reach into the database). */
export interface PostgresStore extends DurableStore {
  kind: 'postgres';
  pool: pg.Pool;
}

// A statement stuck past this is cancelled rather than holding a pooled connection (and row locks).
const STATEMENT_TIMEOUT_MS = 15_000;
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens the pool, migrates under an advisory lock (many instances may start at once) and answers
 * the store. Every instance of a deployment opens the same database: sessions, links, collections,
 * pushes, the outbox and vendor tokens are then shared, and each instance needs nothing else.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const now = options.now ?? Date.now;
  if (!(options.sessionTtlSeconds > 0) || !Number.isFinite(options.sessionTtlSeconds)) {
    throw new StoreInputError(`sessionTtlSeconds must be a positive number, got ${options.sessionTtlSeconds}`);
  }
  if (options.schema !== undefined) quoteIdent(options.schema);
  const onError = options.onError ?? (() => undefined);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    types: storeTypes,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: options.applicationName ?? 'carrierlink',
    ...(options.schema !== undefined && { options: `-c search_path=${options.schema}` }),
  });
  // An idle client losing its connection (a server restart, a failover) must not crash the process.
  pool.on('error', (error) => onError('idle database connection', error));

  let version: number;
  let simulatorState: Awaited<ReturnType<typeof createPgSimulatorState>>;
  try {
    ({ version } = await migratePostgres(pool, options.schema === undefined ? {} : { schema: options.schema }));
    simulatorState = await createPgSimulatorState(pool, now, (error) => onError('simulator state write', error));
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }

  const sweep = { now, sweepIntervalMs: options.sweepIntervalMs, onCorrupt: options.onCorrupt };
  const sessions = createPgSessionStore(pool, { ...sweep, ttlSeconds: options.sessionTtlSeconds });
  const links = createPgLinkStore(pool, sweep);
  const purge = createPgPurge(pool);
  const limits = createPgRateLimits(pool, (error) => onError('rate limit sweep', error));
  let closed = false;

  return {
    kind: 'postgres',
    pool,
    sessions,
    links,
    collections: createPgCollectionStore(pool, { now }),
    pushes: createPgPushStore(pool),
    outbox: createPgOutbox(pool),
    webhooks: createPgWebhookStore(pool),
    webhookSlots: createPgWebhookSlots(pool),
    simulatorState,
    vendorTokens: createPgVendorTokens(pool, now),
    consents: createPgConsentStore(pool),
    analytics: createPgAnalyticsStore(pool),
    dashboardSessions: createPgDashboardSessions(pool),
    async purge(before, at) {
      // Pending simulator writes land first, so the purge sees (and the cache forgets) the same rows.
      await simulatorState.flush();
      const report = await purge(before, at);
      simulatorState.forgetBefore(Date.parse(before));
      return report;
    },
    rateLimiter: (limit) => limits.rateLimiter(limit),
    schemaVersion: () => version,
    async ping() {
      if (closed) throw new Error('store closed');
      await pool.query('SELECT 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      limits.close();
      await Promise.all([sessions.close(), links.close()]);
      await simulatorState.flush();
      await pool.end();
    },
  };
}
