import { afterEach, describe, expect, it } from 'vitest';
import { LinkRecordSchema } from '../../server/link/schemas';
import { LINK_RETENTION_MS } from '../../server/link/store';
import type { LinkStore } from '../../server/link/store';
import { T0, iso, linkRecord } from './fixtures';

export interface LinkStoreHarness {
  store: LinkStore;
  /** Records held, forgotten or not (shows whether the background sweep ran). */
  stored(): number | Promise<number>;
}

export type LinkStoreFactory = (options: { now: () => number; sweepIntervalMs?: number }) => LinkStoreHarness | Promise<LinkStoreHarness>;

/** The behaviour every LinkStore shares; run against the memory and the SQLite store. */
export function linkStoreContract(name: string, factory: LinkStoreFactory): void {
  describe(`${name} link store (contract)`, () => {
    let clock = T0;
    const open: LinkStore[] = [];
    const make = async (sweepIntervalMs?: number) => {
      const harness = await factory({ now: () => clock, sweepIntervalMs });
      open.push(harness.store);
      return harness;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
      clock = T0;
    });

    it('keeps plain JSON records the record schema accepts, copied in and out', async () => {
      const { store } = await make();
      const original = linkRecord();
      await store.put('k', original);
      original.allowedOrigins.push('https://evil.example');
      const got = await store.get('k');
      expect(got?.allowedOrigins).toEqual(['https://lender.example']);
      expect(got).toEqual(linkRecord());
      expect(LinkRecordSchema.safeParse(got).success).toBe(true);
      expect(await store.get('other')).toBeUndefined();
    });

    it('uses a link up once: ok, then used; unknown keys are unknown', async () => {
      const { store } = await make();
      await store.put('k', linkRecord());
      expect(await store.consume('k', T0 + 1000)).toBe('ok');
      expect(await store.consume('k', T0 + 2000)).toBe('used');
      expect((await store.get('k'))?.usedAt).toBe(iso(T0 + 1000));
      expect(await store.consume('nope', T0)).toBe('unknown');
    });

    it('answers exactly one ok to concurrent consumers', async () => {
      const { store } = await make();
      await store.put('k', linkRecord());
      const results = await Promise.all(Array.from({ length: 5 }, () => store.consume('k', T0)));
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r === 'used')).toHaveLength(4);
    });

    it('refuses an expired link, and a used link stays used after its expiry', async () => {
      const { store } = await make();
      await store.put('late', linkRecord(60_000));
      await store.put('used', linkRecord(60_000));
      expect(await store.consume('used', T0)).toBe('ok');
      expect(await store.consume('late', T0 + 60_000)).toBe('expired');
      expect(await store.consume('used', T0 + 60_000)).toBe('used');
      expect((await store.get('late'))?.usedAt).toBeUndefined();
    });

    it('keeps a link stored as already used as used', async () => {
      const { store } = await make();
      await store.put('k', { ...linkRecord(), usedAt: iso(T0) });
      expect(await store.consume('k', T0 + 1)).toBe('used');
    });

    it('keeps links 24 hours past expiry, then forgets them on read and on sweep', async () => {
      const harness = await make(5);
      const { store } = harness;
      await store.put('a', linkRecord(60_000));
      await store.put('b', linkRecord(60_000));
      clock = T0 + 60_000 + LINK_RETENTION_MS - 1;
      expect(await store.get('a')).toBeDefined();
      expect(await harness.stored()).toBe(2);
      clock += 1;
      expect(await store.get('a')).toBeUndefined();
      expect(await store.consume('a', clock)).toBe('unknown');
      // The sweep runs on its own timer: wait for it rather than for a fixed time.
      await expect.poll(() => harness.stored(), { timeout: 5000, interval: 10 }).toBe(0);
    });
  });
}
