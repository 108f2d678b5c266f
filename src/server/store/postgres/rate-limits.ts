import type pg from 'pg';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimiterOptions } from '../types';
import { checkRateLimiterOptions } from '../types';
import { startSweep } from '../codec';

/** The table migration 1 creates; every limiter shares it, its keys prefixed by the limiter's keyPrefix. */
const TABLE = 'rate_limits';
/** Rows a window ended for are deleted this often, so a key never lingers. */
const SWEEP_MS = 60_000;

/**
 * Abuse-limit counters in the deployment's PostgreSQL (rate-limiter-flexible's RateLimiterPostgres
 * on the store's pool): every instance counts against the same rows, one atomic upsert per point,
 * and a restart keeps them. The table lives in the store's schema (the pool's search_path).
 */
export function createPgRateLimits(
  pool: pg.Pool,
  onError: (error: unknown) => void,
): {
  rateLimiter(options: RateLimiterOptions): RateLimiterAbstract;
  close(): void;
} {
  // rate-limiter-flexible stamps rows with Date.now(), so the sweep reads the same clock.
  const timer = startSweep(
    () => void pool.query(`DELETE FROM ${TABLE} WHERE expire IS NOT NULL AND expire < $1`, [Date.now()]).catch(onError),
    SWEEP_MS,
  );
  return {
    rateLimiter(options) {
      checkRateLimiterOptions(options);
      return new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
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
