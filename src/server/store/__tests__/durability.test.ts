import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../sqlite/migrations';
import { openDatabase, openSqliteStore } from '../sqlite/open';
import { T0, at, collectedData, collectionInput, event, linkRecord, sessionRecord, tempDir } from '../../../test-support/store/fixtures';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
const newPath = () => {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return join(dir, 'nested', 'data', 'carrierlink.db');
};

describe('SQLite durable store on disk', () => {
  it('keeps everything across a close and reopen', async () => {
    const path = newPath();
    const options = { path, sessionTtlSeconds: 600, now: () => T0 };
    const first = openSqliteStore(options);
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
    first.simulatorState.save('rong360', 'u1', { step: 'sms' });
    await first.close();

    const second = openSqliteStore(options);
    expect(second.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    expect(await second.sessions.get('sk')).toEqual(sessionRecord('ses_1'));
    expect(await second.links.consume('lk', T0)).toBe('used');
    expect((await second.collections.get('ses_1'))?.status).toBe('data_ready');
    expect((await second.collections.data('ses_1'))?.data).toEqual(collectedData());
    expect(await second.outbox.get('evt_1')).toMatchObject({ id: 'evt_1', attempts: 0 });
    expect(await second.pushes.list('rong360', 'cl_ses_1')).toHaveLength(1);
    expect((await second.webhooks.get('acme'))?.secret).toBe('whsec_x');
    expect(second.simulatorState.load('rong360')).toEqual(new Map([['u1', { step: 'sms' }]]));
    await second.close();
  });

  it('creates the directory owner-only and the database files readable by the owner alone', async () => {
    const path = newPath();
    const store = openSqliteStore({ path, sessionTtlSeconds: 60 });
    await store.sessions.put('k', sessionRecord('ses_1'));
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('opens in WAL mode with fsync on commit, a busy timeout and foreign keys enforced', () => {
    const db = openDatabase(newPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const orphan = db.prepare(
      `INSERT INTO collected_data (session_id, data, raw, extras, updated_at) VALUES ('ses_none', '{}', '{}', '{}', 0)`,
    );
    expect(() => orphan.run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('refuses a session TTL that is not a positive number before touching the disk', () => {
    const path = newPath();
    expect(() => openSqliteStore({ path, sessionTtlSeconds: 0 })).toThrow('sessionTtlSeconds must be a positive number');
    expect(existsSync(path)).toBe(false);
  });

  it('closes idempotently and then refuses work', async () => {
    const store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 60 });
    await store.close();
    await store.close();
    await expect(store.sessions.get('k')).rejects.toThrow(/not open/);
  });
});
