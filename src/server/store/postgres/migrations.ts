import type pg from 'pg';
import { SchemaVersionError } from '../sqlite/migrations';
import type { Migration } from '../sqlite/migrations';
import { PG_SCHEMA_V1 } from './schema-v1';
import { PG_SCHEMA_V2 } from './schema-v2';
import { PG_SCHEMA_V3 } from './schema-v3';
import { PG_SCHEMA_V4 } from './schema-v4';
import { PG_SCHEMA_V5 } from './schema-v5';
import { inTransaction } from './sql';

/** PostgreSQL's own list: versions start at 1 and go up by one; a released migration is never edited. */
export const PG_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: PG_SCHEMA_V1 },
  { version: 2, name: 'step analytics, dashboard sign-ins, webhook replays', sql: PG_SCHEMA_V2 },
  { version: 3, name: 'report_ready webhook event', sql: PG_SCHEMA_V3 },
  { version: 4, name: 'webhook endpoint delivery slots', sql: PG_SCHEMA_V4 },
  { version: 5, name: 'update mode: previous session, consent records', sql: PG_SCHEMA_V5 },
];

export const PG_LATEST_SCHEMA_VERSION = PG_MIGRATIONS.length;

const TABLE = 'carrierlink_migrations';

/**
 * Brings the schema to the last of `migrations`. Many instances start at once: the run holds a
 * transaction-level advisory lock named after the schema, so one of them migrates and the others
 * wait, then find nothing to do. The whole run is one transaction (PostgreSQL's DDL is
 * transactional): a failing step leaves the schema as it was before the run, and the lock cannot
 * outlive the transaction, which keeps this safe behind PgBouncer in transaction pooling mode.
 * (A future step that cannot run in a transaction, e.g. CREATE INDEX CONCURRENTLY, needs its own path.)
 * Answers the versions applied and the version reached.
 */
export async function migratePostgres(
  pool: pg.Pool,
  options: { schema?: string; migrations?: readonly Migration[] } = {},
): Promise<{ applied: number[]; version: number }> {
  const migrations = options.migrations ?? PG_MIGRATIONS;
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new SchemaVersionError(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
  return inTransaction(pool, async (client) => {
    const schema = options.schema ?? (await client.query<{ schema: string | null }>('SELECT current_schema() AS schema')).rows[0]?.schema;
    if (!schema) throw new SchemaVersionError('the connection has no current schema: set search_path or the schema option');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`carrierlink.migrate.${schema}`]);
    if (options.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const current = Number((await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${TABLE}`)).rows[0]?.v ?? 0);
    if (current > migrations.length) {
      throw new SchemaVersionError(
        `database schema version ${current} is newer than this CarrierLink knows (${migrations.length}): run a newer release or use another database`,
      );
    }
    const applied: number[] = [];
    for (const migration of migrations.slice(current)) {
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${TABLE} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return { applied, version: Math.max(current, migrations.length) };
  });
}

/** A schema name as an SQL identifier; only plain lowercase names are accepted. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new SchemaVersionError(`schema name must be lowercase letters, digits and _, got "${name}"`);
  return `"${name}"`;
}
