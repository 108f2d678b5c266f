import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteSimulatorState } from '../sqlite/simulator-state';
import type { DurableStore, PushInput } from '../types';
import {
  T0,
  at,
  STORE_KINDS,
  storesAt,
  collectedData,
  collectionInput,
  event,
  migratedMemoryDb,
} from '../../../test-support/store/fixtures';

const DAY = 24 * 60;
let clock = T0;
const open = storesAt(() => clock);
afterEach(() => {
  clock = T0;
});

const push = (provider: PushInput['provider'], upstreamKey: string, dedupeKey: string, receivedAt: string): PushInput => ({
  provider,
  kind: 'notice',
  upstreamKey,
  ok: true,
  dedupeKey,
  body: { carries: 'vendor data' },
  receivedAt,
});

/** Old: a ready Rong360 collection and a still-collecting Dianhua one. New: one of each kind. */
async function seed(store: DurableStore) {
  await store.collections.createAuthorized(collectionInput('ses_old_r'), []);
  await store.collections.markReady('ses_old_r', { data: collectedData(), raw: { a: 1 }, extras: {} }, at(5), []);
  await store.collections.createAuthorized(collectionInput('ses_old_d', { provider: 'dianhua', taskId: 'sid_old' }), []);
  await store.collections.createAuthorized(collectionInput('ses_new', { authorizedAt: at(40 * DAY), firstAttemptAt: at(40 * DAY) }), []);
  await store.collections.markReady('ses_new', { data: collectedData(), raw: {}, extras: {} }, at(40 * DAY + 5), []);

  await store.pushes.record(push('rong360', 'cl_ses_old_r', 'p1', at(2)));
  await store.pushes.record(push('dianhua', 'sid_old', 'p2', at(2)));
  // Received after the horizon but naming an old collection: goes with its collection.
  await store.pushes.record(push('dianhua', 'sid_old', 'p3', at(31 * DAY)));
  await store.pushes.record(push('rong360', 'cl_nobody', 'p4', at(3)));
  await store.pushes.record(push('rong360', 'cl_ses_new', 'p5', at(40 * DAY)));

  await store.outbox.enqueue([
    event('evt_delivered_old', 'ses_old_r', 'authorized', at(1)),
    event('evt_dead_old', 'ses_old_d', 'authorized', at(1)),
    event('evt_pending_old', 'ses_old_d', 'crawl_progress', at(2)),
    event('evt_delivered_new', 'ses_new', 'authorized', at(40 * DAY)),
  ]);
  await store.outbox.markDelivered('evt_delivered_old', at(1));
  await store.outbox.markDead('evt_dead_old', 8, at(3), 'timeout');
  await store.outbox.markDelivered('evt_delivered_new', at(40 * DAY));

  clock = T0;
  store.simulatorState.save('rong360', 'old', { step: 'sms' });
  clock = T0 + 40 * DAY * 60_000;
  store.simulatorState.save('rong360', 'new', { step: 'sms' });
}

describe.each(STORE_KINDS)('%s retention purge', (kind) => {
  it('drops data, pushes and settled events older than the horizon, and blanks the phone', async () => {
    const store = await open(kind);
    await seed(store);
    const report = await store.purge(at(30 * DAY), at(41 * DAY));
    expect(report).toEqual({ collections: 2, pushes: 4, webhookEvents: 2, simulatorEntries: 1 });

    for (const id of ['ses_old_r', 'ses_old_d']) {
      expect(await store.collections.get(id)).toMatchObject({ status: 'purged', purgedAt: at(41 * DAY), phone: '', nextAttemptAt: null });
      expect(await store.collections.data(id)).toBeUndefined();
    }
    expect(await store.pushes.list('rong360', 'cl_ses_old_r')).toEqual([]);
    expect(await store.pushes.list('dianhua', 'sid_old')).toEqual([]);
    expect(await store.pushes.list('rong360', 'cl_nobody')).toEqual([]);
    expect(await store.collections.due(at(100 * DAY), 10)).toEqual([]);
  });

  it('keeps what is newer than the horizon, and events not yet settled', async () => {
    const store = await open(kind);
    await seed(store);
    await store.purge(at(30 * DAY), at(41 * DAY));
    expect(await store.collections.get('ses_new')).toMatchObject({ status: 'data_ready', phone: '13800138000' });
    expect(await store.collections.data('ses_new')).toBeDefined();
    expect(await store.pushes.list('rong360', 'cl_ses_new')).toHaveLength(1);
    expect(await store.outbox.get('evt_pending_old')).toBeDefined();
    expect(await store.outbox.get('evt_delivered_new')).toBeDefined();
    expect(await store.outbox.get('evt_delivered_old')).toBeUndefined();
    expect(await store.outbox.get('evt_dead_old')).toBeUndefined();
    expect([...store.simulatorState.load('rong360').keys()]).toEqual(['new']);
  });

  it('counts nothing twice: a second purge over the same horizon finds nothing', async () => {
    const store = await open(kind);
    await seed(store);
    await store.purge(at(30 * DAY), at(41 * DAY));
    expect(await store.purge(at(30 * DAY), at(42 * DAY))).toEqual({ collections: 0, pushes: 0, webhookEvents: 0, simulatorEntries: 0 });
    expect((await store.collections.get('ses_old_r'))?.purgedAt).toBe(at(41 * DAY));
  });

  it('refuses an unreadable horizon without touching anything', async () => {
    const store = await open(kind);
    await seed(store);
    await expect(store.purge('last month', at(41 * DAY))).rejects.toThrow(/before must be an ISO 8601 time/);
    expect((await store.collections.get('ses_old_r'))?.status).toBe('data_ready');
  });
});

describe('SQLite simulator state', () => {
  it('leaves an unreadable entry out of a load instead of failing the namespace', () => {
    const db = migratedMemoryDb();
    const state = createSqliteSimulatorState(db, () => T0);
    state.save('dianhua', 'good', { ok: true });
    db.prepare(`INSERT INTO simulator_state (namespace, id, json, updated_at) VALUES ('dianhua', 'bad', '{oops', 0)`).run();
    expect(state.load('dianhua')).toEqual(new Map([['good', { ok: true }]]));
    db.close();
  });
});

describe('PostgreSQL simulator state', () => {
  it('keeps simulator sessions for the next store opened on the database, written behind in order', async () => {
    const schema = open.schema();
    const first = await open.postgres({ schema });
    first.simulatorState.save('dianhua', 'a', { step: 1 });
    first.simulatorState.save('dianhua', 'a', { step: 2 });
    first.simulatorState.save('dianhua', 'b', { step: 1 });
    first.simulatorState.delete('dianhua', 'b');
    await first.close();
    const second = await open.postgres({ schema });
    expect(second.simulatorState.load('dianhua')).toEqual(new Map([['a', { step: 2 }]]));
  });

  it('leaves an unreadable entry out of a load instead of failing the namespace', async () => {
    const schema = open.schema();
    const first = await open.postgres({ schema });
    first.simulatorState.save('dianhua', 'good', { ok: true });
    await first.close();
    const other = await open.postgres({ schema });
    await other.pool.query(`INSERT INTO simulator_state (namespace, id, json, updated_at) VALUES ('dianhua', 'bad', '{oops', 0)`);
    const reopened = await open.postgres({ schema });
    expect(reopened.simulatorState.load('dianhua')).toEqual(new Map([['good', { ok: true }]]));
  });
});

describe.each(STORE_KINDS)('%s pushes that named no collection', (kind) => {
  it('are purged an hour after they came, whatever the retention, while a push with its body stays', async () => {
    const store = await open(kind);
    await store.pushes.record({ ...push('dianhua', 'sid_early', 'u1', at(0)), body: null });
    await store.pushes.record(push('dianhua', 'sid_kept', 'k1', at(0)));
    const horizon = at(-30 * DAY);
    expect((await store.purge(horizon, at(59))).pushes).toBe(0);
    expect(await store.pushes.list('dianhua', 'sid_early')).toHaveLength(1);
    expect((await store.purge(horizon, at(61))).pushes).toBe(1);
    expect(await store.pushes.list('dianhua', 'sid_early')).toEqual([]);
    expect(await store.pushes.list('dianhua', 'sid_kept')).toHaveLength(1);
  });
});
