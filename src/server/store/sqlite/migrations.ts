import type Database from 'better-sqlite3';
import { SCHEMA_V1 } from './schema-v1';
import { SCHEMA_V2 } from './schema-v2';
import { SCHEMA_V3 } from './schema-v3';
import { SCHEMA_V4 } from './schema-v4';
import { SCHEMA_V5 } from './schema-v5';
import { SCHEMA_V6 } from './schema-v6';
import { SCHEMA_V7 } from './schema-v7';

/** One schema step. Versions start at 1 and go up by one; a released migration is never edited. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: SCHEMA_V1 },
  { version: 2, name: 'abuse-limit counters', sql: SCHEMA_V2 },
  { version: 3, name: 'leases and shared vendor tokens', sql: SCHEMA_V3 },
  { version: 4, name: 'step analytics, dashboard sign-ins, webhook replays', sql: SCHEMA_V4 },
  { version: 5, name: 'report_ready webhook event', sql: SCHEMA_V5 },
  { version: 6, name: 'webhook endpoint delivery slots', sql: SCHEMA_V6 },
  { version: 7, name: 'update mode: previous session, consent records', sql: SCHEMA_V7 },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

/** Opening refused: the file was written by a newer CarrierLink, or the migration list is malformed. */
export class SchemaVersionError extends Error {
  override readonly name = 'SchemaVersionError';
}

export const schemaVersion = (db: Database.Database): number => Number(db.pragma('user_version', { simple: true }));

/**
 * Brings the database to the last of `migrations`, each in its own transaction with its
 * `PRAGMA user_version` bump, so a failing step leaves the file at the previous version.
 * Answers the versions applied (none when already current).
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new SchemaVersionError(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new SchemaVersionError(
      `database schema version ${current} is newer than this CarrierLink knows (${latest}): run a newer release or open another file`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations.slice(current)) {
    const ran = db
      .transaction(() => {
        // Re-read under the write lock: another process opening the same file may have migrated first.
        if (schemaVersion(db) >= migration.version) return false;
        db.exec(migration.sql);
        // user_version lives in the file header, so it commits or rolls back with the step.
        db.pragma(`user_version = ${migration.version}`);
        return true;
      })
      .immediate();
    if (ran) applied.push(migration.version);
  }
  return applied;
}
