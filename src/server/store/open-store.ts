import type { ServerConfig } from '../env';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { DurableStore } from './types';

export interface OpenStoreOptions {
  /** Shown in pg_stat_activity (the instance id). */
  applicationName?: string;
  /** Told of background database failures (a dropped idle connection). */
  onError?: (what: string, error: unknown) => void;
}

/** The configured durable store: PostgreSQL when DATABASE_URL is set (many instances), else the SQLite file in DATA_DIR. */
export async function openConfiguredStore(
  config: Pick<ServerConfig, 'databaseUrl' | 'databasePoolSize' | 'databasePath' | 'sessionTtlSeconds'>,
  options: OpenStoreOptions = {},
): Promise<DurableStore> {
  if (config.databaseUrl === undefined) {
    return openSqliteStore({ path: config.databasePath, sessionTtlSeconds: config.sessionTtlSeconds, analyticsReader: true });
  }
  return openPostgresStore({
    connectionString: config.databaseUrl,
    sessionTtlSeconds: config.sessionTtlSeconds,
    poolSize: config.databasePoolSize,
    ...(options.applicationName !== undefined && { applicationName: `carrierlink ${options.applicationName}`.slice(0, 63) }),
    ...(options.onError && { onError: options.onError }),
  });
}
