import { describe, expect, it } from 'vitest';
import type { ConsentRecord } from '../../link/consents';
import { StoreInputError } from '../codec';
import { T0, at, STORE_KINDS, storesAt, collectionInput } from '../../../test-support/store/fixtures';

const open = storesAt(() => T0);

const consent = (overrides: Partial<ConsentRecord> = {}): ConsentRecord => ({
  sessionId: 'ses_2',
  lenderId: 'acme',
  linkId: 'lnk_AbCdEfGhIjKl',
  mode: 'update',
  previousSessionId: 'ses_1',
  agreementVersion: '2025-01',
  textHash: 'a'.repeat(64),
  acceptedAt: at(1),
  recordedAt: at(2),
  ...overrides,
});

describe.each(STORE_KINDS)('%s store: update mode', (kind) => {
  it('keeps the session a collection refreshes, and null for a first authorization', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_1'), []);
    await store.collections.createAuthorized({ ...collectionInput('ses_2'), previousSessionId: 'ses_1' }, []);
    expect((await store.collections.get('ses_1'))?.previousSessionId).toBeNull();
    expect((await store.collections.get('ses_2'))?.previousSessionId).toBe('ses_1');
    // Every read path answers it, not only get().
    const due = await store.collections.due(at(100), 10);
    expect(due.map((c) => [c.sessionId, c.previousSessionId])).toEqual([
      ['ses_1', null],
      ['ses_2', 'ses_1'],
    ]);
    const claimed = await store.collections.claim(at(100), 10, { owner: 'test', ms: 1000 });
    expect(claimed.find((c) => c.sessionId === 'ses_2')?.previousSessionId).toBe('ses_1');
  });

  it('records a consent once: the first record of a session stands', async () => {
    const store = await open(kind);
    expect(await store.consents.get('ses_2')).toBeUndefined();
    await store.consents.record(consent());
    await store.consents.record(consent({ agreementVersion: 'other', recordedAt: at(9) }));
    expect(await store.consents.get('ses_2')).toEqual(consent());
  });

  it('records a first authorization consent without a link id or text hash', async () => {
    const store = await open(kind);
    const first = consent({ sessionId: 'ses_1', mode: 'initial', previousSessionId: null, linkId: null, textHash: null });
    await store.consents.record(first);
    expect(await store.consents.get('ses_1')).toEqual(first);
  });

  it('refuses a malformed consent record before writing anything', async () => {
    const store = await open(kind);
    await expect(store.consents.record(consent({ textHash: 'not-a-hash' }))).rejects.toThrow(StoreInputError);
    await expect(store.consents.record(consent({ acceptedAt: 'yesterday' }))).rejects.toThrow(StoreInputError);
    expect(await store.consents.get('ses_2')).toBeUndefined();
  });

  it('keeps consent records through the retention purge (they hold no personal data)', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_2'), []);
    await store.consents.record(consent());
    await store.purge(at(1000), at(1000));
    expect((await store.collections.get('ses_2'))?.status).toBe('purged');
    expect(await store.consents.get('ses_2')).toEqual(consent());
  });
});
