import { afterEach, describe, expect, it, vi } from 'vitest';
import type Database from 'better-sqlite3';
import { createMemorySessionStore } from '../../session/store';
import { StoreInputError } from '../codec';
import { createPgSessionStore } from '../postgres/sessions';
import { createSqliteSessionStore } from '../sqlite/sessions';
import type { DurableStore } from '../types';
import { STORE_KINDS, migratedMemoryDb, sessionRecord, sleep } from '../../../test-support/store/fixtures';
import { postgresSchemas } from '../../../test-support/store/postgres';
import { sessionStoreContract } from '../../../test-support/store/session-store-contract';

const count = (db: Database.Database): number => Number(db.prepare('SELECT count(*) FROM sessions').pluck().get());
const postgres = postgresSchemas();

sessionStoreContract('memory', (options) => {
  const store = createMemorySessionStore(options);
  return { store, stored: () => store.size() };
});

sessionStoreContract('SQLite', (options) => {
  const db = migratedMemoryDb();
  const store = createSqliteSessionStore(db, options);
  return { store, stored: () => count(db) };
});

sessionStoreContract('PostgreSQL', async (options) => {
  // The whole store migrates the schema; its session store is swapped for one on the test's clock and sweep.
  const opened = await postgres.open({ sessionTtlSeconds: options.ttlSeconds });
  const store = createPgSessionStore(opened.pool, options);
  return {
    store: {
      ...store,
      async close() {
        await store.close();
        await opened.close();
      },
    },
    stored: async () => Number((await opened.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions')).rows[0]?.n),
  };
});

/** A durable session store of each kind on a hand-driven clock, and raw SQL on its table. */
interface Harness {
  store: DurableStore['sessions'];
  exec(sql: string): Promise<void>;
  count(): Promise<number>;
}

describe.each(STORE_KINDS)('%s session store', (kind) => {
  let clock = 0;
  const closers: Array<() => Promise<void>> = [];
  const make = async (options: { onCorrupt?: (store: 'sessions' | 'links', key: string) => void; sweepIntervalMs?: number } = {}) => {
    const settings = { ttlSeconds: 60, now: () => clock, ...options };
    let harness: Harness & { close(): Promise<void> };
    if (kind === 'SQLite') {
      const db = migratedMemoryDb();
      const store = createSqliteSessionStore(db, settings);
      harness = {
        store,
        exec: async (sql) => void db.exec(sql),
        count: async () => count(db),
        close: async () => {
          await store.close();
          db.close();
        },
      };
    } else {
      const opened = await postgres.open({ sessionTtlSeconds: 60 });
      const store = createPgSessionStore(opened.pool, settings);
      harness = {
        store,
        exec: async (sql) => void (await opened.pool.query(sql)),
        count: async () => Number((await opened.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions')).rows[0]?.n),
        close: async () => {
          await store.close();
          await opened.close();
        },
      };
    }
    closers.push(harness.close);
    return harness;
  };
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    clock = 0;
  });
  // JSON surgery in each dialect: set the record's version to a string.
  const breakVersion = kind === 'SQLite' ? `json_set(record, '$.version', 'two')` : `jsonb_set(record::jsonb, '{version}', '"two"')::text`;

  it('finds a live session by its public id without counting the lookup as activity', async () => {
    const { store } = await make();
    await store.put('k', sessionRecord('ses_1'));
    clock = 50_000;
    expect((await store.findById('ses_1'))?.id).toBe('ses_1');
    expect(await store.findById('ses_other')).toBeUndefined();
    clock = 60_000;
    expect(await store.findById('ses_1')).toBeUndefined();
    expect(await store.get('k')).toBeUndefined();
  });

  it('treats a row whose JSON does not parse as absent and reports its key', async () => {
    const onCorrupt = vi.fn();
    const { store, exec } = await make({ onCorrupt });
    await store.put('k', sessionRecord('ses_1'));
    await exec(`UPDATE sessions SET record = '{"id": "ses_1", broken' WHERE key = 'k'`);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.findById('ses_1')).toBeUndefined();
    expect(await store.claim('k', { version: 0, owner: 'call-1', leaseMs: 1000 })).toEqual({ status: 'missing' });
    expect(onCorrupt).toHaveBeenCalledWith('sessions', 'k');
  });

  it('treats a row that is JSON but not a session record as absent', async () => {
    const onCorrupt = vi.fn();
    const { store, exec } = await make({ onCorrupt });
    await store.put('k', sessionRecord('ses_1'));
    await exec(`UPDATE sessions SET record = ${breakVersion} WHERE key = 'k'`);
    await expect(store.get('k')).resolves.toBeUndefined();
    expect(onCorrupt).toHaveBeenCalledTimes(1);
  });

  it('refuses to store a record that does not match the schema, naming the path only', async () => {
    const { store, count: rows } = await make();
    const bad = { ...sessionRecord('ses_1'), createdAt: 'yesterday' };
    const error = await store.put('k', bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreInputError);
    expect(String(error)).toContain('createdAt');
    expect(String(error)).not.toContain('13800138000');
    expect(await rows()).toBe(0);
  });

  it('lets a new session take the id of an expired, not yet swept one', async () => {
    const { store } = await make({ sweepIntervalMs: 60_000 });
    await store.put('old', sessionRecord('ses_1'));
    clock = 61_000;
    await store.put('new', sessionRecord('ses_1'));
    expect((await store.findById('ses_1'))?.id).toBe('ses_1');
    expect(await store.get('new')).toBeDefined();
    expect(await store.get('old')).toBeUndefined();
  });

  it('refuses a second live session with the same public id', async () => {
    const { store } = await make();
    await store.put('a', sessionRecord('ses_1'));
    await expect(store.put('b', sessionRecord('ses_1'))).rejects.toThrow(/UNIQUE|duplicate key/);
  });

  it('stops sweeping once closed', async () => {
    const { store, count: rows } = await make({ sweepIntervalMs: 5 });
    await store.put('k', sessionRecord('ses_1'));
    await store.close();
    clock = 120_000;
    await sleep(30);
    expect(await rows()).toBe(1);
  });
});

/** Two stores on one database: two instances of a deployment. */
describe('PostgreSQL sessions shared by two instances', () => {
  it('lets exactly one of two instances claim a session for one upstream call', async () => {
    const schema = postgres.schema();
    const a = await postgres.open({ sessionTtlSeconds: 60, schema });
    const b = await postgres.open({ sessionTtlSeconds: 60, schema });
    await a.sessions.put('k', sessionRecord('ses_1'));
    const claims = await Promise.all(
      [a, b, a, b].map((store, i) => store.sessions.claim('k', { version: 0, owner: `call-${i}`, leaseMs: 30_000 })),
    );
    expect(claims.map((c) => c.status).sort()).toEqual(['busy', 'busy', 'busy', 'claimed']);
    await a.close();
    await b.close();
  });
});
