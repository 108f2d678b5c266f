export { openSqliteStore } from './open';
export type { SqliteStoreOptions } from './open';
export { StoreInputError, StoreStateError } from '../codec';
export type { CorruptHandler } from '../codec';
export { LATEST_SCHEMA_VERSION, MIGRATIONS, SchemaVersionError, migrate } from './migrations';
export type { Migration } from './migrations';
