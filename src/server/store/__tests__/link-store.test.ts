import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type Database from 'better-sqlite3';
import { createMemoryLinkStore } from '../../link/store';
import { StoreInputError } from '../codec';
import { createPgLinkStore } from '../postgres/links';
import { createSqliteLinkStore } from '../sqlite/links';
import { openSqliteStore } from '../sqlite/open';
import { T0, linkRecord, migratedMemoryDb, tempDir } from '../../../test-support/store/fixtures';
import { linkStoreContract } from '../../../test-support/store/link-store-contract';
import { postgresSchemas } from '../../../test-support/store/postgres';

const postgres = postgresSchemas();

const count = (db: Database.Database): number => Number(db.prepare('SELECT count(*) FROM links').pluck().get());

linkStoreContract('memory', (options) => {
  const store = createMemoryLinkStore(options);
  return { store, stored: () => store.size() };
});

linkStoreContract('SQLite', (options) => {
  const db = migratedMemoryDb();
  const store = createSqliteLinkStore(db, options);
  return { store, stored: () => count(db) };
});

linkStoreContract('PostgreSQL', async (options) => {
  const opened = await postgres.open({ sessionTtlSeconds: 60 });
  const store = createPgLinkStore(opened.pool, options);
  return {
    store: {
      ...store,
      async close() {
        await store.close();
        await opened.close();
      },
    },
    stored: async () => Number((await opened.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM links')).rows[0]?.n),
  };
});

describe('PostgreSQL link store', () => {
  it('finds the link that promised a session id, the latest one first', async () => {
    const opened = await postgres.open({ sessionTtlSeconds: 60, now: () => T0 });
    try {
      await opened.links.put('k1', linkRecord(600_000, 'ses_a'));
      await opened.links.put('k2', { ...linkRecord(600_000, 'ses_a'), lenderUserId: 'user-2' });
      expect((await opened.links.findBySessionId('ses_a'))?.lenderUserId).toBe('user-2');
      expect(await opened.links.findBySessionId('ses_c')).toBeUndefined();
    } finally {
      await opened.close();
    }
  });

  it('treats an unreadable row as unknown, for reads and for consume, and reports it', async () => {
    const onCorrupt = vi.fn();
    const opened = await postgres.open({ sessionTtlSeconds: 60, now: () => T0, onCorrupt });
    try {
      await opened.links.put('k', linkRecord());
      await opened.pool.query(`UPDATE links SET record = 'not json' WHERE key = 'k'`);
      expect(await opened.links.get('k')).toBeUndefined();
      expect(await opened.links.consume('k', T0)).toBe('unknown');
      expect(onCorrupt).toHaveBeenCalledWith('links', 'k');
    } finally {
      await opened.close();
    }
  });

  it('lets exactly one of two instances on one database use a link', async () => {
    const schema = postgres.schema();
    const a = await postgres.open({ sessionTtlSeconds: 60, now: () => T0, schema });
    const b = await postgres.open({ sessionTtlSeconds: 60, now: () => T0, schema });
    try {
      await a.links.put('k', linkRecord());
      const results = await Promise.all([
        a.links.consume('k', T0),
        b.links.consume('k', T0),
        b.links.consume('k', T0),
        a.links.consume('k', T0),
      ]);
      expect(results.sort()).toEqual(['ok', 'used', 'used', 'used']);
      expect((await b.links.get('k'))?.usedAt).toBeDefined();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('SQLite link store', () => {
  const dbs: Database.Database[] = [];
  const make = (onCorrupt?: (store: 'sessions' | 'links', key: string) => void) => {
    const db = migratedMemoryDb();
    dbs.push(db);
    return { db, store: createSqliteLinkStore(db, { now: () => T0, onCorrupt }) };
  };
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
  });

  it('finds the link that promised a session id', async () => {
    const { store } = make();
    await store.put('k1', linkRecord(600_000, 'ses_a'));
    await store.put('k2', linkRecord(600_000, 'ses_b'));
    expect((await store.findBySessionId('ses_b'))?.sessionId).toBe('ses_b');
    expect(await store.findBySessionId('ses_c')).toBeUndefined();
    await store.close();
  });

  it('treats an unreadable row as unknown, for reads and for consume, and reports it', async () => {
    const onCorrupt = vi.fn();
    const { db, store } = make(onCorrupt);
    await store.put('k', linkRecord());
    db.prepare(`UPDATE links SET record = 'not json' WHERE key = 'k'`).run();
    expect(await store.get('k')).toBeUndefined();
    expect(await store.findBySessionId('ses_abc')).toBeUndefined();
    expect(await store.consume('k', T0)).toBe('unknown');
    expect(onCorrupt).toHaveBeenCalledWith('links', 'k');
    await store.close();
  });

  it('refuses a record that does not match the schema', async () => {
    const { db, store } = make();
    await expect(store.put('k', { ...linkRecord(), expiresAt: 'soon' })).rejects.toBeInstanceOf(StoreInputError);
    expect(count(db)).toBe(0);
    await store.close();
  });

  it('lets exactly one of two processes sharing the file use a link', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'store.db');
    const a = openSqliteStore({ path, sessionTtlSeconds: 60, now: () => T0 });
    const b = openSqliteStore({ path, sessionTtlSeconds: 60, now: () => T0 });
    try {
      await a.links.put('k', linkRecord());
      const results = await Promise.all([a.links.consume('k', T0), b.links.consume('k', T0), b.links.consume('k', T0)]);
      expect(results.sort()).toEqual(['ok', 'used', 'used']);
      expect((await a.links.get('k'))?.usedAt).toBeDefined();
    } finally {
      await a.close();
      await b.close();
      cleanup();
    }
  });
});
