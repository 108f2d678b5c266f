import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { DurableStore } from '../types';
import { StoreInputError } from '../codec';
import type { CorruptHandler } from '../codec';
import { createSqliteAnalyticsStore } from './analytics';
import { createSqliteCollectionStore } from './collections';
import { createSqliteConsentStore } from './consents';
import { createSqliteDashboardSessions } from './dashboard-sessions';
import { createSqliteLinkStore } from './links';
import { migrate, schemaVersion } from './migrations';
import { createSqliteOutbox } from './outbox';
import { createSqlitePurge } from './purge';
import { createSqlitePushStore } from './pushes';
import { createSqliteRateLimits } from './rate-limits';
import { createSqliteSessionStore } from './sessions';
import { createSqliteSimulatorState } from './simulator-state';
import { createSqliteVendorTokens } from './vendor-tokens';
import { createSqliteWebhookStore } from './webhooks';
import { startAnalyticsReader } from './analytics-reader';
import { createSqliteWebhookSlots } from './webhook-slots';

export interface SqliteStoreOptions {
  /** A file path (its directory is created, mode 0700) or `:memory:`. */
  path: string;
  /** Idle expiry of sessions. */
  sessionTtlSeconds: number;
  /** Clock for session and link expiry (ms); defaults to Date.now. */
  now?: () => number;
  /** How often expired sessions and forgotten links are deleted. */
  sweepIntervalMs?: number;
  /** Told (store and key only) when a stored session or link does not parse and is treated as absent. */
  onCorrupt?: CorruptHandler;
  /**
   * Runs the dashboard's funnel query on a worker thread with its own read-only connection (a file
   * only), so it never holds the event loop; the server turns it on, tests run it in place.
   */
  analyticsReader?: boolean;
}

/** The file holds vendor state and personal data: owner-only, including SQLite's -wal and -shm. */
function prepareFile(path: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
  // Created 0600 before SQLite opens it, so the -wal and -shm files SQLite makes copy that mode.
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

/**
 * Opens (creating and migrating as needed) the database file. WAL lets readers run beside the
 * writer; synchronous=FULL fsyncs every commit, because a lost commit (an authorization, an
 * acknowledged push) cannot be recovered by polling, and our write rate is low.
 */
export function openDatabase(path: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}): Database.Database {
  if (path !== ':memory:') prepareFile(path);
  const db = new Database(path, { timeout: 5000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Deleted rows (a session's adapter state, purged personal data) are overwritten, not left in free pages.
    db.pragma('secure_delete = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The durable store over one database file (or `:memory:` for tests). */
export function openSqliteStore(options: SqliteStoreOptions): DurableStore {
  const now = options.now ?? Date.now;
  if (!(options.sessionTtlSeconds > 0) || !Number.isFinite(options.sessionTtlSeconds)) {
    throw new StoreInputError(`sessionTtlSeconds must be a positive number, got ${options.sessionTtlSeconds}`);
  }
  const db = openDatabase(options.path);

  const sweep = { now, sweepIntervalMs: options.sweepIntervalMs, onCorrupt: options.onCorrupt };
  const reader = options.analyticsReader && options.path !== ':memory:' ? startAnalyticsReader(resolve(options.path)) : undefined;
  const sessions = createSqliteSessionStore(db, { ...sweep, ttlSeconds: options.sessionTtlSeconds });
  const links = createSqliteLinkStore(db, sweep);
  const { outbox, insert } = createSqliteOutbox(db);
  const { collections, wake } = createSqliteCollectionStore(db, { now, enqueue: insert });
  const purge = createSqlitePurge(db);
  // Abuse-limit counters get a connection of their own that commits without fsync (WAL, synchronous
  // NORMAL): a counter increment lost to a power cut costs nothing, an fsync per request does. A
  // crash of the process loses none of them; every other table keeps synchronous=FULL.
  let limitsDb = db;
  if (options.path !== ':memory:') {
    try {
      limitsDb = openDatabase(options.path, { synchronous: 'NORMAL' });
    } catch (error) {
      db.close();
      throw error;
    }
  }
  const limits = createSqliteRateLimits(limitsDb);
  let closed = false;

  return {
    kind: 'sqlite',
    sessions,
    links,
    collections,
    pushes: createSqlitePushStore(db, wake),
    outbox,
    webhooks: createSqliteWebhookStore(db),
    webhookSlots: createSqliteWebhookSlots(db),
    simulatorState: createSqliteSimulatorState(db, now),
    vendorTokens: createSqliteVendorTokens(db, now),
    consents: createSqliteConsentStore(db),
    analytics: createSqliteAnalyticsStore(db, reader),
    dashboardSessions: createSqliteDashboardSessions(db),
    async purge(before, at) {
      return purge(before, at);
    },
    rateLimiter: (options) => limits.rateLimiter(options),
    schemaVersion: () => schemaVersion(db),
    async ping() {
      if (closed) throw new Error('store closed');
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (closed) return;
      closed = true;
      limits.close();
      if (limitsDb !== db) limitsDb.close();
      await Promise.all([sessions.close(), links.close(), reader?.close()]);
      db.close();
    },
  };
}
