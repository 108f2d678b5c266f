import { describe, expect, it } from 'vitest';
import { StoreInputError, StoreStateError } from '../codec';
import { T0, at, STORE_KINDS, storesAt, collectedData, collectionInput, event } from '../../../test-support/store/fixtures';

const open = storesAt(() => T0);

const raw = { 'tianji.api.tianjireport.collectuser': { data: 'verbatim' } };

describe.each(STORE_KINDS)('%s collection store: data', (kind) => {
  it('stores the data, marks it ready and enqueues its events in one step', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_1'), []);
    await store.collections.markReady('ses_1', { data: collectedData(), raw, extras: {} }, at(3), [event('evt_r', 'ses_1', 'data_ready')]);
    expect(await store.collections.get('ses_1')).toMatchObject({
      status: 'data_ready',
      readyAt: at(3),
      updatedAt: at(3),
      nextAttemptAt: null,
    });
    expect(await store.collections.data('ses_1')).toEqual({ data: collectedData(), raw, extras: {} });
    expect((await store.outbox.listBySession('ses_1')).map((e) => e.type)).toEqual(['data_ready']);
    expect(await store.collections.data('ses_none')).toBeUndefined();
  });

  it('schedules the extras at once when some are pending', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_1', { provider: 'dianhua', extrasPending: ['score'] }), []);
    await store.collections.markReady('ses_1', { data: collectedData(), raw, extras: {} }, at(3), []);
    expect(await store.collections.get('ses_1')).toMatchObject({ status: 'data_ready', nextAttemptAt: at(3), extrasPending: ['score'] });
  });

  it('leaves the status and data unchanged when an event cannot be enqueued (duplicate id)', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_1'), [event('evt_dup', 'ses_1')]);
    const marking = store.collections.markReady('ses_1', { data: collectedData(), raw, extras: {} }, at(3), [
      event('evt_dup', 'ses_1', 'data_ready'),
    ]);
    await expect(marking).rejects.toThrow('webhook event evt_dup is already in the outbox');
    expect(await store.collections.get('ses_1')).toMatchObject({ status: 'collecting', readyAt: null, nextAttemptAt: at(1) });
    expect(await store.collections.data('ses_1')).toBeUndefined();
  });

  it('refuses data that does not match the collected-data model, writing nothing', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_1'), []);
    const bad = collectedData();
    const call = bad.calls[0];
    if (!call) throw new Error('fixture has no call');
    bad.calls = [{ ...call, durationSeconds: -1 }];
    const error = await store.collections.markReady('ses_1', { data: bad, raw, extras: {} }, at(3), []).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreInputError);
    expect(String(error)).toContain('data.calls.0.durationSeconds');
    expect((await store.collections.get('ses_1'))?.status).toBe('collecting');
  });

  it('refuses to mark ready a collection that is not collecting, or does not exist', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_1'), []);
    await store.collections.markReady('ses_1', { data: collectedData(), raw, extras: {} }, at(3), []);
    await expect(
      store.collections.markReady('ses_1', { data: collectedData(), raw, extras: {} }, at(4), [event('evt_2', 'ses_1')]),
    ).rejects.toThrow(StoreStateError);
    expect(await store.outbox.get('evt_2')).toBeUndefined();
    expect((await store.collections.get('ses_1'))?.readyAt).toBe(at(3));
    await expect(store.collections.markReady('ses_none', { data: collectedData(), raw, extras: {} }, at(4), [])).rejects.toThrow(
      'no collection for session ses_none',
    );
  });

  it('merges late extras into the stored ones and records what is still pending', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(
      collectionInput('ses_1', { provider: 'dianhua', extrasPending: ['report', 'score', 'tags'] }),
      [],
    );
    await store.collections.markReady('ses_1', { data: collectedData(), raw, extras: {} }, at(3), []);
    await store.collections.saveExtras('ses_1', { score: { status: 'ready', data: { score: 88 } } }, ['tags', 'report'], at(10), at(4));
    await store.collections.saveExtras('ses_1', { tags: { status: 'failed', code: 'x', message: 'y' } }, ['report'], at(20), at(11));
    expect((await store.collections.data('ses_1'))?.extras).toEqual({
      score: { status: 'ready', data: { score: 88 } },
      tags: { status: 'failed', code: 'x', message: 'y' },
    });
    expect(await store.collections.get('ses_1')).toMatchObject({ extrasPending: ['report'], nextAttemptAt: at(20), updatedAt: at(11) });
  });

  it('refuses extras before the data is ready', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_1', { extrasPending: ['score'] }), []);
    await expect(store.collections.saveExtras('ses_1', {}, [], null, at(2))).rejects.toThrow(
      'cannot save extras of collection ses_1: it is collecting',
    );
  });

  it('marks a collection failed with its reason and events, and stops scheduling it', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_1'), []);
    await store.collections.markFailed('ses_1', { code: 'collect_timeout', message: 'gave up' }, at(9), [
      event('evt_f', 'ses_1', 'failed'),
    ]);
    expect(await store.collections.get('ses_1')).toMatchObject({
      status: 'failed',
      failure: { code: 'collect_timeout', message: 'gave up' },
      failedAt: at(9),
      nextAttemptAt: null,
    });
    expect((await store.outbox.get('evt_f'))?.type).toBe('failed');
    await expect(store.collections.markFailed('ses_1', { code: 'again', message: '' }, at(10), [])).rejects.toThrow('it is failed');
  });
});
