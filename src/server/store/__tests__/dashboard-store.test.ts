import { describe, expect, it } from 'vitest';
import { STORE_KINDS, T0, at, event, storesAt } from '../../../test-support/store/fixtures';

const open = storesAt(() => T0);

describe.each(STORE_KINDS)('%s webhook deliveries for the dashboard', (kind) => {
  it("lists one lender's events newest first, by state, by session and page by page", async () => {
    const store = await open(kind);
    await store.outbox.enqueue([event('evt_1', 'ses_1', 'authorized', at(1)), event('evt_2', 'ses_1', 'data_ready', at(2))]);
    await store.outbox.enqueue([
      event('evt_3', 'ses_2', 'authorized', at(3)),
      { ...event('evt_9', 'ses_9', 'authorized', at(4)), lenderId: 'bank' },
    ]);
    await store.outbox.markDelivered('evt_1', at(5));
    await store.outbox.markRetry('evt_2', 1, at(10), 'HTTP 500');
    await store.outbox.markDead('evt_3', 9, at(6), 'HTTP 410');

    const ids = async (query: Partial<Parameters<typeof store.outbox.listByLender>[0]> = {}) =>
      (await store.outbox.listByLender({ lenderId: 'acme', limit: 10, ...query })).map((e) => e.id);
    expect(await ids()).toEqual(['evt_3', 'evt_2', 'evt_1']);
    expect(await ids({ state: 'delivered' })).toEqual(['evt_1']);
    expect(await ids({ state: 'failing' })).toEqual(['evt_2']);
    expect(await ids({ state: 'dead' })).toEqual(['evt_3']);
    expect(await ids({ state: 'pending' })).toEqual([]);
    expect(await ids({ sessionId: 'ses_1' })).toEqual(['evt_2', 'evt_1']);
    expect(await ids({ limit: 2 })).toEqual(['evt_3', 'evt_2']);
    expect(await ids({ after: { createdAt: at(2), id: 'evt_2' } })).toEqual(['evt_1']);
    expect(await ids({ lenderId: 'bank' })).toEqual(['evt_9']);
  });

  it('replays a dead or delivered event: due again with a fresh budget, counted, and only for its own lender', async () => {
    const store = await open(kind);
    await store.outbox.enqueue([event('evt_1', 'ses_1', 'authorized', at(1))]);
    await store.outbox.markDead('evt_1', 9, at(2), 'HTTP 410');
    expect(await store.outbox.replay('evt_1', 'bank', at(3))).toBeUndefined();
    expect(await store.outbox.replay('evt_unknown', 'acme', at(3))).toBeUndefined();

    const replayed = await store.outbox.replay('evt_1', 'acme', at(3));
    expect(replayed).toMatchObject({
      id: 'evt_1',
      attempts: 0,
      deadAt: null,
      deliveredAt: null,
      nextAttemptAt: at(3),
      replays: 1,
      replayedAt: at(3),
    });
    expect((await store.outbox.due(at(3), 10)).map((e) => e.id)).toEqual(['evt_1']);
    await store.outbox.markDelivered('evt_1', at(4));
    expect(await store.outbox.replay('evt_1', 'acme', at(5))).toMatchObject({ replays: 2, deliveredAt: null });
  });

  it('ends a held lease on replay, so the next claim by any worker takes the event at once', async () => {
    const store = await open(kind);
    await store.outbox.enqueue([event('evt_1', 'ses_1', 'authorized', at(1))]);
    expect((await store.outbox.claim(at(2), 10, { owner: 'worker-a', ms: 3_600_000 })).map((e) => e.id)).toEqual(['evt_1']);
    // Held by worker-a for an hour: nobody else may take it.
    expect(await store.outbox.claim(at(3), 10, { owner: 'worker-b', ms: 60_000 })).toEqual([]);
    await store.outbox.replay('evt_1', 'acme', at(4));
    expect((await store.outbox.claim(at(4), 10, { owner: 'worker-b', ms: 60_000 })).map((e) => e.id)).toEqual(['evt_1']);
  });
});

describe.each(STORE_KINDS)('%s dashboard sign-ins', (kind) => {
  it('keeps a sign-in until it expires or is revoked, and drops expired ones on the next sign-in', async () => {
    const store = await open(kind);
    const record = { lenderId: 'acme', keyFingerprint: 'fp1', createdAt: at(0), expiresAt: at(60) };
    await store.dashboardSessions.create('hash_a', record);
    await store.dashboardSessions.create('hash_b', { ...record, expiresAt: at(5) });
    expect(await store.dashboardSessions.get('hash_a', at(1))).toEqual(record);
    expect(await store.dashboardSessions.get('hash_b', at(5))).toBeUndefined();
    await store.dashboardSessions.revoke('hash_a');
    expect(await store.dashboardSessions.get('hash_a', at(1))).toBeUndefined();
    await store.dashboardSessions.create('hash_c', { ...record, createdAt: at(10), expiresAt: at(70) });
    expect(await store.dashboardSessions.get('hash_b', at(0))).toBeUndefined();
  });
});
