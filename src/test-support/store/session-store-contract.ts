import { afterEach, describe, expect, it } from 'vitest';
import type { SessionStore } from '../../server/session/store';
import { sessionRecord } from './fixtures';

/** What a contract run needs of an implementation: the store, and how many records it physically holds. */
export interface SessionStoreHarness {
  store: SessionStore;
  /** Records held, expired or not (shows whether the background sweep ran). */
  stored(): number | Promise<number>;
}

export type SessionStoreFactory = (options: {
  ttlSeconds: number;
  now: () => number;
  sweepIntervalMs?: number;
}) => SessionStoreHarness | Promise<SessionStoreHarness>;

/** The behaviour every SessionStore shares; run against the memory and the SQLite store. */
export function sessionStoreContract(name: string, factory: SessionStoreFactory): void {
  describe(`${name} session store (contract)`, () => {
    let clock = 0;
    const open: SessionStore[] = [];
    const make = async (ttlSeconds: number, sweepIntervalMs?: number) => {
      const harness = await factory({ ttlSeconds, now: () => clock, sweepIntervalMs });
      open.push(harness.store);
      return harness;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
      clock = 0;
    });

    it('answers undefined for an unknown key and the stored record for a known one', async () => {
      const { store } = await make(60);
      await store.put('k', sessionRecord('a'));
      expect(await store.get('k')).toEqual(sessionRecord('a'));
      expect(await store.get('other')).toBeUndefined();
    });

    it('hands out copies, so changing a fetched or stored object does not change the record', async () => {
      const { store } = await make(60);
      const original = sessionRecord('a');
      await store.put('k', original);
      original.phone = 'changed-before';
      const first = await store.get('k');
      if (!first) throw new Error('missing');
      first.phone = 'changed-after';
      expect((await store.get('k'))?.phone).toBe('13800138000');
      expect((await store.get('k'))?.adapterState).toEqual({ nested: { list: [1, 2] } });
    });

    it('replaces the record on a second put under the same key', async () => {
      const { store } = await make(60);
      await store.put('k', sessionRecord('a'));
      await store.put('k', { ...sessionRecord('a'), version: 1, taskId: 'task-9' });
      expect(await store.get('k')).toMatchObject({ version: 1, taskId: 'task-9' });
    });

    it('expires a record the idle TTL after its last write; reads never extend it', async () => {
      const { store } = await make(60);
      await store.put('k', sessionRecord('a'));
      clock = 59_000;
      expect(await store.get('k')).toBeDefined();
      // A poll is not activity: the record still idles out 60 s after the put.
      clock = 60_000;
      expect(await store.get('k')).toBeUndefined();
    });

    it('slides the idle TTL with every write', async () => {
      const { store } = await make(60);
      await store.put('k', sessionRecord('a'));
      clock = 59_000;
      await store.put('k', { ...sessionRecord('a'), version: 1 });
      clock = 118_000;
      expect(await store.get('k')).toMatchObject({ version: 1 });
      clock = 119_000;
      expect(await store.get('k')).toBeUndefined();
    });

    it('deletes a record on request and ignores deleting an unknown key', async () => {
      const { store } = await make(60);
      await store.put('k', sessionRecord('a'));
      await store.delete('k');
      await store.delete('never');
      expect(await store.get('k')).toBeUndefined();
    });

    it('sweeps expired records in the background', async () => {
      const harness = await make(1, 5);
      await harness.store.put('old', sessionRecord('a'));
      await harness.store.put('older', sessionRecord('b'));
      clock = 2_000;
      // The sweep runs on its own timer: wait for it rather than for a fixed time.
      await expect.poll(() => harness.stored(), { timeout: 5000, interval: 10 }).toBe(0);
    });

    it('leases a session to one call at a time: busy for others until committed, then outdated for the old version', async () => {
      const { store } = await make(60);
      await store.put('k', sessionRecord('a'));
      const first = await store.claim('k', { version: 0, owner: 'call-1', leaseMs: 30_000 });
      expect(first).toEqual({ status: 'claimed', record: sessionRecord('a') });
      expect(await store.claim('k', { version: 0, owner: 'call-2', leaseMs: 30_000 })).toEqual({ status: 'busy' });
      expect(await store.commit('k', { ...sessionRecord('a'), version: 1 }, 'call-2')).toBe(false);
      expect(await store.commit('k', { ...sessionRecord('a'), version: 1, taskId: 't' }, 'call-1')).toBe(true);
      expect(await store.get('k')).toMatchObject({ version: 1, taskId: 't' });
      expect(await store.claim('k', { version: 0, owner: 'call-2', leaseMs: 30_000 })).toEqual({ status: 'outdated' });
      expect((await store.claim('k', { version: 1, owner: 'call-2', leaseMs: 30_000 })).status).toBe('claimed');
      expect(await store.claim('unknown', { version: 0, owner: 'call-3', leaseMs: 30_000 })).toEqual({ status: 'missing' });
    });

    it('frees a lease on release, and lets a lease nobody renewed run out', async () => {
      const { store } = await make(600);
      await store.put('k', sessionRecord('a'));
      expect((await store.claim('k', { version: 0, owner: 'call-1', leaseMs: 10_000 })).status).toBe('claimed');
      await store.release('k', 'call-other');
      expect((await store.claim('k', { version: 0, owner: 'call-2', leaseMs: 10_000 })).status).toBe('busy');
      await store.release('k', 'call-1');
      expect((await store.claim('k', { version: 0, owner: 'call-2', leaseMs: 10_000 })).status).toBe('claimed');
      // call-2 dies without releasing: after its lease another call may go on.
      clock = 9_999;
      expect((await store.claim('k', { version: 0, owner: 'call-3', leaseMs: 10_000 })).status).toBe('busy');
      clock = 10_000;
      expect((await store.claim('k', { version: 0, owner: 'call-3', leaseMs: 10_000 })).status).toBe('claimed');
      // The dead call's late result is refused: the lease is not its own any more.
      expect(await store.commit('k', { ...sessionRecord('a'), version: 1 }, 'call-2')).toBe(false);
    });

    it('renews a lease only for its holder, which keeps others out past the first term', async () => {
      const { store } = await make(600);
      await store.put('k', sessionRecord('a'));
      await store.claim('k', { version: 0, owner: 'call-1', leaseMs: 10_000 });
      clock = 8_000;
      expect(await store.renew('k', 'call-1', 10_000)).toBe(true);
      expect(await store.renew('k', 'call-2', 10_000)).toBe(false);
      clock = 15_000;
      expect((await store.claim('k', { version: 0, owner: 'call-2', leaseMs: 10_000 })).status).toBe('busy');
      expect(await store.commit('k', { ...sessionRecord('a'), version: 1 }, 'call-1')).toBe(true);
    });

    it('answers exactly one claimed to concurrent claims of one version', async () => {
      const { store } = await make(60);
      await store.put('k', sessionRecord('a'));
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.claim('k', { version: 0, owner: `call-${i}`, leaseMs: 30_000 })),
      );
      expect(claims.filter((c) => c.status === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.status === 'busy')).toHaveLength(5);
    });

    it('ends a lease when the record is put again', async () => {
      const { store } = await make(60);
      await store.put('k', sessionRecord('a'));
      await store.claim('k', { version: 0, owner: 'call-1', leaseMs: 30_000 });
      await store.put('k', sessionRecord('a'));
      expect((await store.claim('k', { version: 0, owner: 'call-2', leaseMs: 30_000 })).status).toBe('claimed');
    });
  });
}
