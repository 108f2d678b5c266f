import { afterEach, describe, expect, it, vi } from 'vitest';
import type Database from 'better-sqlite3';
import { createMemorySessionStore } from '../../session/store';
import { StoreInputError } from '../sqlite/codec';
import { createSqliteSessionStore } from '../sqlite/sessions';
import { migratedMemoryDb, sessionRecord, sleep } from './fixtures';
import { sessionStoreContract } from './session-store-contract';

const count = (db: Database.Database): number => Number(db.prepare('SELECT count(*) FROM sessions').pluck().get());

sessionStoreContract('memory', (options) => {
  const store = createMemorySessionStore(options);
  return { store, stored: () => store.size() };
});

sessionStoreContract('SQLite', (options) => {
  const db = migratedMemoryDb();
  const store = createSqliteSessionStore(db, options);
  return { store, stored: () => count(db) };
});

describe('SQLite session store', () => {
  let clock = 0;
  const dbs: Database.Database[] = [];
  const make = (options: { onCorrupt?: (store: 'sessions' | 'links', key: string) => void; sweepIntervalMs?: number } = {}) => {
    const db = migratedMemoryDb();
    dbs.push(db);
    return { db, store: createSqliteSessionStore(db, { ttlSeconds: 60, now: () => clock, ...options }) };
  };
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    clock = 0;
  });

  it('finds a live session by its public id without counting the lookup as activity', async () => {
    const { store } = make();
    await store.put('k', sessionRecord('ses_1'));
    clock = 50_000;
    expect((await store.findById('ses_1'))?.id).toBe('ses_1');
    expect(await store.findById('ses_other')).toBeUndefined();
    clock = 60_000;
    expect(await store.findById('ses_1')).toBeUndefined();
    expect(await store.get('k')).toBeUndefined();
    await store.close();
  });

  it('treats a row whose JSON does not parse as absent and reports its key', async () => {
    const onCorrupt = vi.fn();
    const { db, store } = make({ onCorrupt });
    await store.put('k', sessionRecord('ses_1'));
    db.prepare(`UPDATE sessions SET record = '{"id": "ses_1", broken' WHERE key = 'k'`).run();
    expect(await store.get('k')).toBeUndefined();
    expect(await store.findById('ses_1')).toBeUndefined();
    expect(onCorrupt).toHaveBeenCalledWith('sessions', 'k');
    await store.close();
  });

  it('treats a row that is JSON but not a session record as absent', async () => {
    const onCorrupt = vi.fn();
    const { db, store } = make({ onCorrupt });
    await store.put('k', sessionRecord('ses_1'));
    db.prepare(`UPDATE sessions SET record = json_set(record, '$.version', 'two') WHERE key = 'k'`).run();
    await expect(store.get('k')).resolves.toBeUndefined();
    expect(onCorrupt).toHaveBeenCalledTimes(1);
    await store.close();
  });

  it('refuses to store a record that does not match the schema, naming the path only', async () => {
    const { db, store } = make();
    const bad = { ...sessionRecord('ses_1'), createdAt: 'yesterday' };
    const error = await store.put('k', bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreInputError);
    expect(String(error)).toContain('createdAt');
    expect(String(error)).not.toContain('13800138000');
    expect(count(db)).toBe(0);
    await store.close();
  });

  it('lets a new session take the id of an expired, not yet swept one', async () => {
    const { store } = make({ sweepIntervalMs: 60_000 });
    await store.put('old', sessionRecord('ses_1'));
    clock = 61_000;
    await store.put('new', sessionRecord('ses_1'));
    expect((await store.findById('ses_1'))?.id).toBe('ses_1');
    expect(await store.get('new')).toBeDefined();
    expect(await store.get('old')).toBeUndefined();
    await store.close();
  });

  it('refuses a second live session with the same public id', async () => {
    const { store } = make();
    await store.put('a', sessionRecord('ses_1'));
    await expect(store.put('b', sessionRecord('ses_1'))).rejects.toThrow(/UNIQUE/);
    await store.close();
  });

  it('stops sweeping once closed', async () => {
    const { db, store } = make({ sweepIntervalMs: 5 });
    await store.put('k', sessionRecord('ses_1'));
    await store.close();
    clock = 120_000;
    await sleep(30);
    expect(count(db)).toBe(1);
  });
});
