import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../sqlite/open';
import type { DurableStore } from '../types';
import { STORE_KINDS, T0, at, collectedData, collectionInput, event, storesAt, tempDir } from '../../../test-support/store/fixtures';
import type { StoreKindName } from '../../../test-support/store/fixtures';

let clock = T0;
const open = storesAt(() => clock);
afterEach(() => {
  clock = T0;
});
const lease = (owner: string, ms = 60_000) => ({ owner, ms });

/** Two stores on one database, as two instances of a deployment have. */
async function twoInstances(kind: StoreKindName): Promise<[DurableStore, DurableStore, () => void]> {
  if (kind === 'PostgreSQL') {
    const schema = open.schema();
    return [await open(kind, { schema }), await open(kind, { schema }), () => undefined];
  }
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'store.db');
  const a = openSqliteStore({ path, sessionTtlSeconds: 60, now: () => clock });
  const b = openSqliteStore({ path, sessionTtlSeconds: 60, now: () => clock });
  return [
    a,
    b,
    () => {
      void Promise.all([a.close(), b.close()]).then(cleanup);
    },
  ];
}

describe.each(STORE_KINDS)('%s collection claims', (kind) => {
  it('claims due collections once: a second claim gets the others, and none while the lease runs', async () => {
    const store = await open(kind);
    for (const id of ['ses_a', 'ses_b', 'ses_c']) await store.collections.createAuthorized(collectionInput(id), []);
    const first = await store.collections.claim(at(2), 2, lease('w1'));
    expect(first.map((c) => c.sessionId)).toEqual(['ses_a', 'ses_b']);
    expect((await store.collections.claim(at(2), 10, lease('w2'))).map((c) => c.sessionId)).toEqual(['ses_c']);
    expect(await store.collections.claim(at(2), 10, lease('w3'))).toEqual([]);
    // Still due (a read-only view), but leased.
    expect(await store.collections.due(at(2), 10)).toHaveLength(3);
  });

  it('lets another worker take a collection over once the lease of a dead worker runs out', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_1'), []);
    clock = Date.parse(at(2));
    expect(await store.collections.claim(at(2), 10, lease('dead', 120_000))).toHaveLength(1);
    expect(await store.collections.claim(at(3), 10, lease('w2'))).toEqual([]);
    expect((await store.collections.claim(at(4), 10, lease('w2'))).map((c) => c.sessionId)).toEqual(['ses_1']);
  });

  it('ends the lease with the outcome write, and with release by its holder only', async () => {
    const store = await open(kind);
    await store.collections.createAuthorized(collectionInput('ses_1'), []);
    await store.collections.createAuthorized(collectionInput('ses_2'), []);
    await store.collections.claim(at(2), 10, lease('w1'));
    await store.collections.reschedule('ses_1', { attempts: 1, nextAttemptAt: at(2) }, []);
    await store.collections.release(['ses_2'], 'someone-else');
    expect((await store.collections.claim(at(2), 10, lease('w2'))).map((c) => c.sessionId)).toEqual(['ses_1']);
    await store.collections.release(['ses_2'], 'w1');
    expect((await store.collections.claim(at(2), 10, lease('w3'))).map((c) => c.sessionId)).toEqual(['ses_2']);
    await store.collections.markReady('ses_2', { data: collectedData(), raw: {}, extras: {} }, at(2), []);
    await store.collections.markFailed('ses_1', { code: 'x', message: 'y' }, at(2), []);
    expect(await store.collections.claim(at(9), 10, lease('w4'))).toEqual([]);
  });

  it('never lets two instances claim the same collection at once', async () => {
    const [a, b, done] = await twoInstances(kind);
    try {
      for (let i = 0; i < 12; i += 1) await a.collections.createAuthorized(collectionInput(`ses_${String(i).padStart(2, '0')}`), []);
      const claims = await Promise.all([a, b, a, b].map((s, i) => s.collections.claim(at(2), 4, lease(`w${i}`))));
      const ids = claims.flat().map((c) => c.sessionId);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
    } finally {
      done();
    }
  });
});

describe.each(STORE_KINDS)('%s outbox claims', (kind) => {
  it('claims due events oldest first, each once while its lease runs, and counts the backlog', async () => {
    const store = await open(kind);
    await store.outbox.enqueue([event('evt_b', 'ses_1', 'data_ready', at(2)), event('evt_a', 'ses_1', 'authorized', at(1))]);
    await store.outbox.enqueue([event('evt_c', 'ses_2', 'authorized', at(3))]);
    expect(await store.outbox.backlog()).toEqual({ pending: 3, oldestCreatedAt: at(1) });
    expect((await store.outbox.claim(at(5), 2, lease('w1'))).map((e) => e.id)).toEqual(['evt_a', 'evt_b']);
    expect((await store.outbox.claim(at(5), 10, lease('w2'))).map((e) => e.id)).toEqual(['evt_c']);
    expect(await store.outbox.claim(at(5), 10, lease('w3'))).toEqual([]);
    await store.outbox.markDelivered('evt_a', at(5));
    await store.outbox.markRetry('evt_b', 1, at(6), 'http_500');
    await store.outbox.release(['evt_c'], 'w2');
    expect(await store.outbox.backlog()).toEqual({ pending: 2, oldestCreatedAt: at(2) });
    expect((await store.outbox.claim(at(6), 10, lease('w4'))).map((e) => e.id)).toEqual(['evt_b', 'evt_c']);
  });

  it('hands the event of a worker that died mid-delivery to another after the lease', async () => {
    const store = await open(kind);
    await store.outbox.enqueue([event('evt_a', 'ses_1')]);
    clock = Date.parse(at(1));
    await store.outbox.claim(at(1), 10, lease('dead', 60_000));
    expect(await store.outbox.claim(at(1.5), 10, lease('w2'))).toEqual([]);
    expect((await store.outbox.claim(at(2), 10, lease('w2'))).map((e) => e.id)).toEqual(['evt_a']);
  });

  it('never lets two instances claim the same event at once', async () => {
    const [a, b, done] = await twoInstances(kind);
    try {
      await a.outbox.enqueue(Array.from({ length: 12 }, (_, i) => event(`evt_${String(i).padStart(2, '0')}`, `ses_${i}`)));
      const claims = await Promise.all([a, b, a, b].map((s, i) => s.outbox.claim(at(2), 4, lease(`w${i}`))));
      const ids = claims.flat().map((e) => e.id);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
    } finally {
      done();
    }
  });
});

describe.each(STORE_KINDS)('%s vendor tokens', (kind) => {
  const token = (name: string) => ({ token: name, refreshAt: T0 + 60_000, expiresAt: T0 + 120_000 });

  it('leases a refresh to one instance at a time, and shares the token it stores', async () => {
    const [a, b, done] = await twoInstances(kind);
    try {
      expect(await a.vendorTokens.get('dianhua:app')).toBeUndefined();
      const claims = await Promise.all([a, b, a, b].map((s, i) => s.vendorTokens.claimRefresh('dianhua:app', `r${i}`, 30_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const winner = `r${claims.indexOf(true)}`;
      await b.vendorTokens.put('dianhua:app', token('tk-1'), winner);
      expect(await a.vendorTokens.get('dianhua:app')).toEqual(token('tk-1'));
      // The lease ended with the put: the next refresh may be claimed at once.
      expect(await a.vendorTokens.claimRefresh('dianhua:app', 'r9', 30_000)).toBe(true);
      await a.vendorTokens.release('dianhua:app', 'r9');
    } finally {
      done();
    }
  });

  it('forgets a refused token only if it is still the stored one, and lets a dead refresher lease run out', async () => {
    const store = await open(kind);
    expect(await store.vendorTokens.claimRefresh('k', 'r1', 30_000)).toBe(true);
    await store.vendorTokens.put('k', token('tk-2'), 'r1');
    await store.vendorTokens.invalidate('k', 'tk-1');
    expect((await store.vendorTokens.get('k'))?.token).toBe('tk-2');
    await store.vendorTokens.invalidate('k', 'tk-2');
    expect(await store.vendorTokens.get('k')).toBeUndefined();
    expect(await store.vendorTokens.claimRefresh('k', 'dead', 30_000)).toBe(true);
    expect(await store.vendorTokens.claimRefresh('k', 'r2', 30_000)).toBe(false);
    clock = T0 + 30_000;
    expect(await store.vendorTokens.claimRefresh('k', 'r2', 30_000)).toBe(true);
  });
});
