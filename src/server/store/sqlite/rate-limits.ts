import type Database from 'better-sqlite3';
import { RateLimiterSQLite } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimiterOptions } from '../types';
import { checkRateLimiterOptions } from '../types';
import { startSweep } from '../codec';

/** The table migration 2 creates; every limiter shares it, its keys prefixed by the limiter's keyPrefix. */
const TABLE = 'rate_limits';
/** Rows a window ended for are deleted this long after, so a key never lingers. */
const SWEEP_MS = 60_000;

/**
 * Abuse-limit counters in the store's own database (rate-limiter-flexible over better-sqlite3),
 * so a restart keeps them and every process on the file shares them.
 */
export function createSqliteRateLimits(db: Database.Database): {
  rateLimiter(options: RateLimiterOptions): RateLimiterAbstract;
  close(): void;
} {
  // rate-limiter-flexible stamps rows with Date.now(), so the sweep reads the same clock.
  const sweep = db.prepare<[number]>(`DELETE FROM ${TABLE} WHERE expire IS NOT NULL AND expire < ?`);
  const timer = startSweep(() => sweep.run(Date.now()), SWEEP_MS);
  return {
    rateLimiter(options) {
      checkRateLimiterOptions(options);
      return new RateLimiterSQLite({
        storeClient: db,
        storeType: 'better-sqlite3',
        tableName: TABLE,
        // Created by the migration; the library must not try (and race) at first use.
        tableCreated: true,
        // Our sweep above, instead of a timer per limiter.
        clearExpiredByTimeout: false,
        keyPrefix: options.keyPrefix,
        points: options.points,
        duration: options.durationSeconds,
        blockDuration: options.blockDurationSeconds ?? 0,
      });
    },
    close: () => clearInterval(timer),
  };
}
