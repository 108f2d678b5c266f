import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_LATEST_SCHEMA_VERSION, PG_MIGRATIONS, migratePostgres, openPostgresStore } from '../postgres';
import type { PostgresStore } from '../postgres';
import { T0, at, collectedData, collectionInput, event, linkRecord, sessionRecord } from './fixtures';
import { postgresSchemas, postgresUrl } from './postgres';

const postgres = postgresSchemas();
const pools: pg.Pool[] = [];
const stores: PostgresStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await Promise.all(pools.splice(0).map((p) => p.end()));
});
const poolOn = (schema: string) => {
  const pool = new pg.Pool({ connectionString: postgresUrl(), max: 2, options: `-c search_path=${schema}` });
  pools.push(pool);
  return pool;
};
const openOn = async (schema: string) => {
  const store = await postgres.open({ sessionTtlSeconds: 600, now: () => T0, schema });
  stores.push(store);
  return store;
};

describe('PostgreSQL migrations', () => {
  it('migrates once when many instances start together, each waiting on the advisory lock', async () => {
    const schema = postgres.schema();
    const opened = await Promise.all(Array.from({ length: 4 }, () => openOn(schema)));
    expect(opened.map((s) => s.schemaVersion())).toEqual([1, 1, 1, 1].map(() => PG_LATEST_SCHEMA_VERSION));
    const { rows } = await poolOn(schema).query<{ version: number }>('SELECT version FROM carrierlink_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
  });

  it('rolls a failing run back whole and keeps the version it found', async () => {
    const schema = postgres.schema();
    await openOn(schema);
    const pool = poolOn(schema);
    const broken = {
      version: PG_LATEST_SCHEMA_VERSION + 1,
      name: 'broken',
      sql: 'CREATE TABLE half_done (x text); SELECT * FROM missing_table;',
    };
    await expect(migratePostgres(pool, { schema, migrations: [...PG_MIGRATIONS, broken] })).rejects.toThrow(/missing_table/);
    const tables = await pool.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'half_done'`, [
      schema,
    ]);
    expect(tables.rows).toHaveLength(0);
    expect((await migratePostgres(pool, { schema })).version).toBe(PG_LATEST_SCHEMA_VERSION);
  });

  it('refuses to open a database migrated by a newer release', async () => {
    const schema = postgres.schema();
    await openOn(schema);
    await poolOn(schema).query(`INSERT INTO carrierlink_migrations (version, name) VALUES ($1, 'from the future')`, [
      PG_LATEST_SCHEMA_VERSION + 5,
    ]);
    await expect(openPostgresStore({ connectionString: postgresUrl(), sessionTtlSeconds: 60, schema })).rejects.toThrow(
      /newer than this CarrierLink knows/,
    );
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openPostgresStore({ connectionString: postgresUrl(), sessionTtlSeconds: 60, schema: 'x"; DROP' })).rejects.toThrow(
      /schema name/,
    );
  });
});

describe('PostgreSQL durable store', () => {
  it('shows one instance what another wrote: sessions, links, collections, pushes, webhooks', async () => {
    const schema = postgres.schema();
    const first = await openOn(schema);
    const second = await openOn(schema);
    await first.sessions.put('sk', sessionRecord('ses_1'));
    await first.links.put('lk', linkRecord(600_000, 'ses_1'));
    expect(await first.links.consume('lk', T0)).toBe('ok');
    await first.collections.createAuthorized(collectionInput('ses_1'), [event('evt_1', 'ses_1')]);
    await first.collections.markReady('ses_1', { data: collectedData(), raw: { '/bill': { ok: 1 } }, extras: {} }, at(2), []);
    await first.pushes.record({
      provider: 'rong360',
      kind: 'notice',
      upstreamKey: 'cl_ses_1',
      ok: true,
      dedupeKey: 'd1',
      body: { a: 1 },
      receivedAt: at(1),
    });
    await first.webhooks.put({ lenderId: 'acme', url: 'https://lender.example/hook', secret: 'whsec_x', updatedAt: at(0) });

    expect(await second.sessions.get('sk')).toEqual(sessionRecord('ses_1'));
    expect(await second.sessions.findById('ses_1')).toEqual(sessionRecord('ses_1'));
    expect(await second.links.consume('lk', T0)).toBe('used');
    expect((await second.collections.get('ses_1'))?.status).toBe('data_ready');
    expect((await second.collections.data('ses_1'))?.data).toEqual(collectedData());
    expect(await second.outbox.get('evt_1')).toMatchObject({ id: 'evt_1', attempts: 0 });
    expect(await second.pushes.list('rong360', 'cl_ses_1')).toHaveLength(1);
    expect((await second.webhooks.get('acme'))?.secret).toBe('whsec_x');
    await expect(second.ping()).resolves.toBeUndefined();
  });

  it('closes idempotently and then refuses work', async () => {
    const store = await openOn(postgres.schema());
    await store.close();
    await store.close();
    await expect(store.ping()).rejects.toThrow(/closed/);
    await expect(store.sessions.get('k')).rejects.toThrow();
  });

  it('fails to open with a clear error when the server cannot be reached', async () => {
    const url = 'postgres://nobody@127.0.0.1:1/none';
    await expect(openPostgresStore({ connectionString: url, sessionTtlSeconds: 60 })).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
