import { describe, expect, it } from 'vitest';
import { StoreInputError, StoreStateError } from '../codec';
import type { PushInput } from '../types';
import { T0, at, STORE_KINDS, storesAt, collectionInput, event } from '../../../test-support/store/fixtures';

const open = storesAt(() => T0);

const push = (dedupeKey: string, overrides: Partial<PushInput> = {}): PushInput => ({
  provider: 'dianhua',
  kind: 'result',
  upstreamKey: 'sid_1',
  ok: true,
  dedupeKey,
  body: { sid: 'sid_1', status: 0 },
  receivedAt: at(2),
  ...overrides,
});

describe.each(STORE_KINDS)('%s push store', (kind) => {
  it('records a push once; the vendor retrying it is a duplicate that changes nothing', async () => {
    const store = await open(kind);
    expect(await store.pushes.record(push('d1'))).toEqual({ duplicate: false });
    expect(await store.pushes.record(push('d1', { body: { other: true } }))).toEqual({ duplicate: true });
    const listed = await store.pushes.list('dianhua', 'sid_1');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ kind: 'result', ok: true, body: { sid: 'sid_1', status: 0 }, receivedAt: at(2) });
  });

  it('lists one upstream key of one provider, oldest first', async () => {
    const store = await open(kind);
    await store.pushes.record(push('d1', { kind: 'auth' }));
    await store.pushes.record(push('d2', { kind: 'report', ok: false }));
    await store.pushes.record(push('d3', { upstreamKey: 'sid_2' }));
    await store.pushes.record(push('d4', { provider: 'rong360', kind: 'notice' }));
    expect((await store.pushes.list('dianhua', 'sid_1')).map((p) => [p.kind, p.ok])).toEqual([
      ['auth', true],
      ['report', false],
    ]);
  });

  it('wakes the named collection in the same step, but not for a duplicate', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(
      collectionInput('ses_1', { provider: 'dianhua', taskId: 'sid_1', firstAttemptAt: at(30) }),
      [],
    );
    await store.pushes.record(push('d1', { receivedAt: at(2) }), { sessionId: 'ses_1' });
    expect((await store.collections.get('ses_1'))?.nextAttemptAt).toBe(at(2));
    await store.collections.reschedule('ses_1', { attempts: 1, nextAttemptAt: at(40) }, []);
    await store.pushes.record(push('d1', { receivedAt: at(3) }), { sessionId: 'ses_1' });
    expect((await store.collections.get('ses_1'))?.nextAttemptAt).toBe(at(40));
  });

  it('stores a push without a body as null, and refuses an unreadable time', async () => {
    const store = await open(kind);
    await store.pushes.record(push('d1', { body: undefined }));
    expect((await store.pushes.list('dianhua', 'sid_1'))[0]?.body).toBeNull();
    await expect(store.pushes.record(push('d2', { receivedAt: 'later' }))).rejects.toThrow(StoreInputError);
  });
});

describe.each(STORE_KINDS)('%s outbox', (kind) => {
  it('answers undelivered events due now, oldest first, starting with no attempts', async () => {
    const store = await open(kind);
    await store.outbox.enqueue([
      event('evt_b', 'ses_1', 'data_ready', at(2)),
      event('evt_a', 'ses_1', 'authorized', at(1)),
      event('evt_c', 'ses_2', 'authorized', at(9)),
    ]);
    const due = await store.outbox.due(at(5), 10);
    expect(due.map((e) => e.id)).toEqual(['evt_a', 'evt_b']);
    expect(due[0]).toMatchObject({ attempts: 0, nextAttemptAt: at(1), deliveredAt: null, deadAt: null, lastError: null, lenderId: 'acme' });
    expect(due[0]?.payload).toEqual(event('evt_a', 'ses_1').payload);
    expect((await store.outbox.due(at(5), 1)).map((e) => e.id)).toEqual(['evt_a']);
  });

  it('holds a retried event back until its next attempt', async () => {
    const store = await open(kind);
    await store.outbox.enqueue([event('evt_a', 'ses_1')]);
    await store.outbox.markRetry('evt_a', 1, at(10), 'http_503');
    expect(await store.outbox.due(at(9), 10)).toEqual([]);
    expect(await store.outbox.due(at(10), 10)).toMatchObject([{ id: 'evt_a', attempts: 1, lastError: 'http_503' }]);
  });

  it('never answers a delivered or dead event again, and keeps the first settlement', async () => {
    const store = await open(kind);
    await store.outbox.enqueue([event('evt_ok', 'ses_1'), event('evt_dead', 'ses_1')]);
    await store.outbox.markDelivered('evt_ok', at(1));
    await store.outbox.markDead('evt_dead', 8, at(2), 'timeout');
    await store.outbox.markDelivered('evt_ok', at(5));
    await store.outbox.markRetry('evt_dead', 9, at(3), 'http_500');
    expect(await store.outbox.due(at(100), 10)).toEqual([]);
    expect(await store.outbox.get('evt_ok')).toMatchObject({ deliveredAt: at(1), deadAt: null });
    expect(await store.outbox.get('evt_dead')).toMatchObject({ deadAt: at(2), attempts: 8, lastError: 'timeout' });
  });

  it('refuses to settle an unknown event', async () => {
    const store = await open(kind);
    await expect(store.outbox.markDelivered('evt_none', at(1))).rejects.toThrow(StoreStateError);
    await expect(store.outbox.markRetry('evt_none', 1, at(1), 'x')).rejects.toThrow('no webhook event evt_none in the outbox');
    await expect(store.outbox.markDead('evt_none', 1, at(1), 'x')).rejects.toThrow(StoreStateError);
    expect(await store.outbox.get('evt_none')).toBeUndefined();
  });

  it('enqueues a batch whole or not at all', async () => {
    const store = await open(kind);
    await expect(store.outbox.enqueue([event('evt_1', 'ses_1'), event('evt_1', 'ses_1', 'failed')])).rejects.toThrow(StoreStateError);
    expect(await store.outbox.listBySession('ses_1')).toEqual([]);
  });

  it('lists the events of one session in the order they were created', async () => {
    const store = await open(kind);
    await store.outbox.enqueue([
      event('evt_2', 'ses_1', 'data_ready', at(3)),
      event('evt_x', 'ses_2'),
      event('evt_1', 'ses_1', 'authorized', at(1)),
    ]);
    expect((await store.outbox.listBySession('ses_1')).map((e) => e.id)).toEqual(['evt_1', 'evt_2']);
  });
});

describe.each(STORE_KINDS)('%s webhook endpoints and simulator state', (kind) => {
  it('keeps one endpoint per lender, replaced by a later put and removed on delete', async () => {
    const store = await open(kind);
    await store.webhooks.put({ lenderId: 'acme', url: 'https://a.example/hook', secret: 'whsec_1', updatedAt: at(0) });
    await store.webhooks.put({ lenderId: 'acme', url: 'https://b.example/hook', secret: 'whsec_2', updatedAt: at(1) });
    expect(await store.webhooks.get('acme')).toEqual({
      lenderId: 'acme',
      url: 'https://b.example/hook',
      secret: 'whsec_2',
      updatedAt: at(1),
    });
    await store.webhooks.delete('acme');
    expect(await store.webhooks.get('acme')).toBeUndefined();
  });

  it('loads the saved simulator sessions of one namespace as parsed JSON', async () => {
    const store = await open(kind);
    store.simulatorState.save('rong360', 'u1', { step: 'sms', tries: 1 });
    store.simulatorState.save('rong360', 'u1', { step: 'done', tries: 2 });
    store.simulatorState.save('rong360', 'u2', ['a']);
    store.simulatorState.save('dianhua', 'u1', 'other');
    store.simulatorState.delete('rong360', 'u2');
    expect(store.simulatorState.load('rong360')).toEqual(new Map([['u1', { step: 'done', tries: 2 }]]));
    expect(store.simulatorState.load('none').size).toBe(0);
    expect(() => store.simulatorState.save('rong360', 'u3', undefined)).toThrow(StoreInputError);
  });
});
