import pg from 'pg';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_LATEST_SCHEMA_VERSION, PG_MIGRATIONS, migratePostgres, openPostgresStore } from '../postgres';
import type { PostgresStore } from '../postgres';
import { T0, at, collectedData, collectionInput, event, linkRecord, sessionRecord } from '../../../test-support/store/fixtures';
import { postgresSchemas, postgresUrl } from '../../../test-support/store/postgres';

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

describe('PostgreSQL abuse-limit counters', () => {
  const refused = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (error instanceof RateLimiterRes) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('are shared by two instances on one database, per key, apart from other limits, and kept across a restart', async () => {
    const schema = postgres.schema();
    const a = await openOn(schema);
    const b = await openOn(schema);
    const options = { keyPrefix: 'sms', points: 3, durationSeconds: 600 };
    await a.rateLimiter(options).consume('n1');
    await b.rateLimiter(options).consume('n1');
    await a.close();
    const restarted = await openOn(schema);
    await restarted.rateLimiter(options).consume('n1');
    const refusal = await refused(b.rateLimiter(options).consume('n1'));
    expect(refusal.remainingPoints).toBe(0);
    expect(refusal.msBeforeNext).toBeGreaterThan(590_000);
    expect((await restarted.rateLimiter(options).get('n1'))?.consumedPoints).toBe(4);
    await b.rateLimiter(options).consume('n2');
    await b.rateLimiter({ ...options, keyPrefix: 'other' }).consume('n1');
  });

  it('count every one of many concurrent points from two instances (one atomic upsert each)', async () => {
    const schema = postgres.schema();
    const [a, b] = [await openOn(schema), await openOn(schema)];
    const options = { keyPrefix: 'starts', points: 10, durationSeconds: 60 };
    const results = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).rateLimiter(options).consume('n1')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof RateLimiterRes)).toHaveLength(6);
  });

  it('refuse a key prefix that could mix two limits', async () => {
    const store = await openOn(postgres.schema());
    expect(() => store.rateLimiter({ keyPrefix: 'a:b', points: 1, durationSeconds: 1 })).toThrow(TypeError);
  });
});
