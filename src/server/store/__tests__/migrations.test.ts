import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, SchemaVersionError, migrate, schemaVersion } from '../sqlite/migrations';
import type { Migration } from '../sqlite/migrations';
import { openSqliteStore } from '../sqlite/open';
import { tempDir } from '../../../test-support/store/fixtures';

const tables = (db: Database.Database): string[] =>
  db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all().map(String);

const first = MIGRATIONS[0];
if (!first) throw new Error('no migrations');
const second: Migration = {
  version: 2,
  name: 'lender notes',
  sql: 'CREATE TABLE lender_notes (lender_id TEXT PRIMARY KEY, note TEXT NOT NULL) STRICT;',
};
const third: Migration = { version: 3, name: 'note index', sql: 'ALTER TABLE lender_notes ADD COLUMN created_at INTEGER;' };

const dbs: Database.Database[] = [];
const memory = () => {
  const db = new Database(':memory:');
  dbs.push(db);
  return db;
};
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

describe('schema migrations', () => {
  it('rebuilds the outbox for report_ready keeping every row, its lease, its replays and its order', () => {
    const db = memory();
    migrate(db, MIGRATIONS.slice(0, 4));
    const insert = db.prepare(
      `INSERT INTO outbox (id, lender_id, type, session_id, payload, created_at, attempts, next_attempt_at, lease_owner, lease_until)
       VALUES (?, 'acme', ?, 'ses_1', '{}', ?, 0, 0, ?, ?)`,
    );
    insert.run('evt_b', 'authorized', 1, 'inst:webhooks', 99);
    insert.run('evt_a', 'data_ready', 1, null, null);
    expect(() => insert.run('evt_c', 'report_ready', 2, null, null)).toThrow(/CHECK/);
    db.prepare(`UPDATE outbox SET replays = 2, replayed_at = 7 WHERE id = 'evt_b'`).run();
    migrate(db);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    insert.run('evt_c', 'report_ready', 2, null, null);
    const rows = db.prepare('SELECT id, type, lease_owner, lease_until FROM outbox ORDER BY created_at, rowid').all();
    expect(rows).toEqual([
      { id: 'evt_b', type: 'authorized', lease_owner: 'inst:webhooks', lease_until: 99 },
      { id: 'evt_a', type: 'data_ready', lease_owner: null, lease_until: null },
      { id: 'evt_c', type: 'report_ready', lease_owner: null, lease_until: null },
    ]);
    expect(db.prepare(`SELECT replays, replayed_at FROM outbox WHERE id = 'evt_b'`).get()).toEqual({ replays: 2, replayed_at: 7 });
    expect(() => insert.run('evt_d', 'other', 3, null, null)).toThrow(/CHECK/);
    const indexes = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND name NOT LIKE 'sqlite_%'`)
      .pluck()
      .all();
    expect([...indexes].sort()).toEqual(['outbox_by_created', 'outbox_by_lender', 'outbox_by_session', 'outbox_pending']);
  });

  it('brings a fresh database to the latest version with every table', () => {
    const db = memory();
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tables(db)).toEqual(
      [
        'analytics_browser_quota',
        'analytics_events',
        'analytics_sessions',
        'analytics_visits',
        'collected_data',
        'collections',
        'consents',
        'dashboard_sessions',
        'links',
        'outbox',
        'pushes',
        'rate_limits',
        'sessions',
        'simulator_state',
        'vendor_tokens',
        'webhook_endpoint_slots',
        'webhook_endpoints',
      ].sort(),
    );
  });

  it('applies nothing to a database already at the latest version', () => {
    const db = memory();
    migrate(db);
    expect(migrate(db)).toEqual([]);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('migrates a database at version 1 forward through every later step, in order', () => {
    const db = memory();
    migrate(db, [first]);
    expect(schemaVersion(db)).toBe(1);
    expect(migrate(db, [first, second, third])).toEqual([2, 3]);
    expect(schemaVersion(db)).toBe(3);
    const columns = db.prepare(`SELECT name FROM pragma_table_info('lender_notes')`).pluck().all();
    expect(columns).toEqual(['lender_id', 'note', 'created_at']);
  });

  it('rolls a failing step back whole and keeps the previous version', () => {
    const db = memory();
    migrate(db, [first]);
    const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE half_done (x TEXT); INSERT INTO missing_table VALUES (1);' };
    expect(() => migrate(db, [first, broken])).toThrow(/missing_table/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half_done');
  });

  it('refuses a migration list whose versions do not count up from 1', () => {
    expect(() => migrate(memory(), [first, third])).toThrow(SchemaVersionError);
  });

  it('refuses to open a database written by a newer release, leaving the file as it was', () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'store.db');
    try {
      const db = new Database(path);
      db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
      db.close();
      expect(() => openSqliteStore({ path, sessionTtlSeconds: 60 })).toThrow(/newer than this CarrierLink knows/);
      const after = new Database(path);
      expect(schemaVersion(after)).toBe(LATEST_SCHEMA_VERSION + 5);
      expect(tables(after)).toEqual([]);
      after.close();
    } finally {
      cleanup();
    }
  });
});
