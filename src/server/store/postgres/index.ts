export { openPostgresStore } from './open';
export type { PostgresStore, PostgresStoreOptions } from './open';
export { PG_LATEST_SCHEMA_VERSION, PG_MIGRATIONS, migratePostgres } from './migrations';
