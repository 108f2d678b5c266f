import { describe, expect, it } from 'vitest';
import { StoreInputError, StoreStateError } from '../codec';
import { T0, at, STORE_KINDS, storesAt, collectedData, collectionInput, event } from '../../../test-support/store/fixtures';

const open = storesAt(() => T0);

const stored = () => ({ data: collectedData(), raw: { 'tianji.api.tianjireport.collectuser': { data: 'verbatim' } }, extras: {} });

describe.each(STORE_KINDS)('%s collection store: authorization', (kind) => {
  it('records an authorization as collecting, with its events, exactly once', async () => {
    const store = await open(kind);
    expect(await store.collections.createAuthorized(collectionInput('ses_1'), [event('evt_1', 'ses_1')])).toEqual({ created: true });
    const again = await store.collections.createAuthorized(collectionInput('ses_1', { phone: '13900000000' }), [event('evt_2', 'ses_1')]);
    expect(again).toEqual({ created: false });
    expect(await store.collections.get('ses_1')).toEqual({
      sessionId: 'ses_1',
      provider: 'rong360',
      lenderId: 'acme',
      lenderUserId: 'user-1',
      demo: false,
      userId: 'cl_ses_1',
      taskId: 'task_ses_1',
      phone: '13800138000',
      status: 'collecting',
      stages: [],
      attempts: 0,
      nextAttemptAt: at(1),
      extrasPending: [],
      extraAttempts: 0,
      failure: null,
      authorizedAt: at(0),
      updatedAt: at(0),
      readyAt: null,
      failedAt: null,
      purgedAt: null,
      previousSessionId: null,
    });
    expect((await store.outbox.listBySession('ses_1')).map((e) => e.id)).toEqual(['evt_1']);
  });

  it('records nothing when one of its events cannot be enqueued', async () => {
    const store = await open(kind);
    await store.outbox.enqueue([event('evt_taken', 'ses_0')]);
    await expect(store.collections.createAuthorized(collectionInput('ses_1'), [event('evt_taken', 'ses_1')])).rejects.toThrow(
      StoreStateError,
    );
    expect(await store.collections.get('ses_1')).toBeUndefined();
  });

  it('refuses an unreadable time before writing anything', async () => {
    const store = await open(kind);
    await expect(store.collections.createAuthorized(collectionInput('ses_1', { authorizedAt: 'now' }), [])).rejects.toThrow(
      StoreInputError,
    );
    expect(await store.collections.get('ses_1')).toBeUndefined();
  });

  it('finds a collection by what a push names: Rong360 user_id, Dianhua sid', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_r'), []);
    await store.collections.createAuthorized(collectionInput('ses_d', { provider: 'dianhua' }), []);
    expect((await store.collections.findByUpstream('rong360', 'cl_ses_r'))?.sessionId).toBe('ses_r');
    expect((await store.collections.findByUpstream('dianhua', 'task_ses_d'))?.sessionId).toBe('ses_d');
    expect(await store.collections.findByUpstream('rong360', 'task_ses_r')).toBeUndefined();
    expect(await store.collections.findByUpstream('dianhua', 'cl_ses_d')).toBeUndefined();
    expect(await store.collections.get('ses_unknown')).toBeUndefined();
  });
});

describe.each(STORE_KINDS)('%s collection store: scheduling', (kind) => {
  it('answers due collections oldest first, within the limit, and nothing scheduled later', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_late', { firstAttemptAt: at(30) }), []);
    await store.collections.createAuthorized(collectionInput('ses_b', { firstAttemptAt: at(5) }), []);
    await store.collections.createAuthorized(collectionInput('ses_a', { firstAttemptAt: at(2) }), []);
    expect((await store.collections.due(at(10), 10)).map((c) => c.sessionId)).toEqual(['ses_a', 'ses_b']);
    expect((await store.collections.due(at(10), 1)).map((c) => c.sessionId)).toEqual(['ses_a']);
    expect(await store.collections.due(at(1), 10)).toEqual([]);
    await expect(store.collections.due(at(10), 0)).rejects.toThrow(StoreInputError);
  });

  it('compares times as instants whatever offset they were written with', async () => {
    const store = await open(kind);
    // 08:30+08:00 is 00:30Z: earlier than 01:00Z although it sorts later as text.
    await store.collections.createAuthorized(collectionInput('ses_1', { firstAttemptAt: '2030-03-01T08:30:00+08:00' }), []);
    expect(await store.collections.due('2030-03-01T00:29:59Z', 10)).toEqual([]);
    expect((await store.collections.due('2030-03-01T01:00:00Z', 10)).map((c) => c.nextAttemptAt)).toEqual(['2030-03-01T00:30:00.000Z']);
  });

  it('includes data_ready collections only while extras are pending, and never failed ones', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_x', { provider: 'dianhua', extrasPending: ['report', 'tags'] }), []);
    await store.collections.createAuthorized(collectionInput('ses_plain'), []);
    await store.collections.createAuthorized(collectionInput('ses_f'), []);
    await store.collections.markReady('ses_x', stored(), at(3), []);
    await store.collections.markReady('ses_plain', stored(), at(3), []);
    await store.collections.markFailed('ses_f', { code: 'x', message: 'y' }, at(3), []);
    expect((await store.collections.due(at(3), 10)).map((c) => c.sessionId)).toEqual(['ses_x']);
    await store.collections.saveExtras('ses_x', {}, [], at(4), at(3));
    expect(await store.collections.due(at(10), 10)).toEqual([]);
  });

  it('reschedules: attempts, next attempt, stages seen and its progress events in one step', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_1'), []);
    await store.collections.reschedule('ses_1', { attempts: 1, nextAttemptAt: at(5), stages: ['login', 'bills'] }, [
      event('evt_p', 'ses_1', 'crawl_progress'),
    ]);
    await store.collections.reschedule('ses_1', { attempts: 2, nextAttemptAt: null, extraAttempts: 3 }, []);
    expect(await store.collections.get('ses_1')).toMatchObject({
      attempts: 2,
      nextAttemptAt: null,
      stages: ['login', 'bills'],
      extraAttempts: 3,
      updatedAt: at(0),
    });
    expect(await store.outbox.get('evt_p')).toMatchObject({ type: 'crawl_progress' });
  });

  it('refuses to reschedule an unknown or finished collection', async () => {
    const store = await open(kind);
    await expect(store.collections.reschedule('ses_none', { attempts: 1, nextAttemptAt: null }, [])).rejects.toThrow(
      'no collection for session ses_none',
    );
    await store.collections.createAuthorized(collectionInput('ses_f'), []);
    await store.collections.markFailed('ses_f', { code: 'x', message: 'y' }, at(1), []);
    await expect(store.collections.reschedule('ses_f', { attempts: 1, nextAttemptAt: at(2) }, [event('evt_p', 'ses_f')])).rejects.toThrow(
      'cannot reschedule collection ses_f: it is failed',
    );
    expect(await store.outbox.get('evt_p')).toBeUndefined();
  });

  it('wakes a collection earlier, never later, and only while there is work', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_1', { firstAttemptAt: at(10) }), []);
    await store.collections.wake('ses_1', at(4));
    expect((await store.collections.get('ses_1'))?.nextAttemptAt).toBe(at(4));
    await store.collections.wake('ses_1', at(8));
    expect((await store.collections.get('ses_1'))?.nextAttemptAt).toBe(at(4));
    await store.collections.reschedule('ses_1', { attempts: 1, nextAttemptAt: null }, []);
    await store.collections.wake('ses_1', at(9));
    expect((await store.collections.get('ses_1'))?.nextAttemptAt).toBe(at(9));
    await store.collections.markReady('ses_1', stored(), at(9), []);
    await store.collections.wake('ses_1', at(9));
    expect((await store.collections.get('ses_1'))?.nextAttemptAt).toBeNull();
    await expect(store.collections.wake('ses_none', at(1))).resolves.toBeUndefined();
  });
});
