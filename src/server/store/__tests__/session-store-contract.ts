import { afterEach, describe, expect, it } from 'vitest';
import type { SessionStore } from '../../session/store';
import { sessionRecord, sleep } from './fixtures';

/** What a contract run needs of an implementation: the store, and how many records it physically holds. */
export interface SessionStoreHarness {
  store: SessionStore;
  /** Records held, expired or not (shows whether the background sweep ran). */
  stored(): number;
}

export type SessionStoreFactory = (options: { ttlSeconds: number; now: () => number; sweepIntervalMs?: number }) => SessionStoreHarness;

/** The behaviour every SessionStore shares; run against the memory and the SQLite store. */
export function sessionStoreContract(name: string, factory: SessionStoreFactory): void {
  describe(`${name} session store (contract)`, () => {
    let clock = 0;
    const open: SessionStore[] = [];
    const make = (ttlSeconds: number, sweepIntervalMs?: number) => {
      const harness = factory({ ttlSeconds, now: () => clock, sweepIntervalMs });
      open.push(harness.store);
      return harness;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
      clock = 0;
    });

    it('answers undefined for an unknown key and the stored record for a known one', async () => {
      const { store } = make(60);
      await store.put('k', sessionRecord('a'));
      expect(await store.get('k')).toEqual(sessionRecord('a'));
      expect(await store.get('other')).toBeUndefined();
    });

    it('hands out copies, so changing a fetched or stored object does not change the record', async () => {
      const { store } = make(60);
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
      const { store } = make(60);
      await store.put('k', sessionRecord('a'));
      await store.put('k', { ...sessionRecord('a'), version: 1, taskId: 'task-9' });
      expect(await store.get('k')).toMatchObject({ version: 1, taskId: 'task-9' });
    });

    it('expires a record the idle TTL after its last write; reads never extend it', async () => {
      const { store } = make(60);
      await store.put('k', sessionRecord('a'));
      clock = 59_000;
      expect(await store.get('k')).toBeDefined();
      // A poll is not activity: the record still idles out 60 s after the put.
      clock = 60_000;
      expect(await store.get('k')).toBeUndefined();
    });

    it('slides the idle TTL with every write', async () => {
      const { store } = make(60);
      await store.put('k', sessionRecord('a'));
      clock = 59_000;
      await store.put('k', { ...sessionRecord('a'), version: 1 });
      clock = 118_000;
      expect(await store.get('k')).toMatchObject({ version: 1 });
      clock = 119_000;
      expect(await store.get('k')).toBeUndefined();
    });

    it('deletes a record on request and ignores deleting an unknown key', async () => {
      const { store } = make(60);
      await store.put('k', sessionRecord('a'));
      await store.delete('k');
      await store.delete('never');
      expect(await store.get('k')).toBeUndefined();
    });

    it('sweeps expired records in the background', async () => {
      const harness = make(1, 5);
      await harness.store.put('old', sessionRecord('a'));
      await harness.store.put('older', sessionRecord('b'));
      clock = 2_000;
      await sleep(40);
      expect(harness.stored()).toBe(0);
    });
  });
}
