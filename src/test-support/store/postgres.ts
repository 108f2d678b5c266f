import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { openPostgresStore } from '../../server/store/postgres';
import type { PostgresStore, PostgresStoreOptions } from '../../server/store/postgres';

/** The test server of the `postgres` project (scripts/vitest-postgres.ts). */
export const postgresUrl = (): string => inject('postgresUrl');

export type TestPostgresOptions = Omit<PostgresStoreOptions, 'connectionString'>;

/**
 * PostgreSQL stores for one test file, each in a fresh schema unless `schema` names one to share
 * (two "instances" on one database). The schemas are dropped after the file.
 */
export function postgresSchemas() {
  const created = new Set<string>();
  afterAll(async () => {
    if (created.size === 0) return;
    const admin = new pg.Pool({ connectionString: postgresUrl(), max: 1 });
    try {
      for (const schema of created) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await admin.end();
    }
  });
  return {
    /** A new schema name (created on first open). */
    schema(): string {
      const name = `t_${randomBytes(6).toString('hex')}`;
      created.add(name);
      return name;
    },
    async open(options: TestPostgresOptions): Promise<PostgresStore> {
      const schema = options.schema ?? this.schema();
      created.add(schema);
      return openPostgresStore({ connectionString: postgresUrl(), poolSize: 4, ...options, schema });
    },
  };
}
