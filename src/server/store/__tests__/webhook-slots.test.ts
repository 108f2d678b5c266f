import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreInputError } from '../codec';
import { openSqliteStore } from '../sqlite/open';
import type { DurableStore } from '../types';
import { STORE_KINDS, T0, at, storesAt, tempDir } from '../../../test-support/store/fixtures';
import type { StoreKindName } from '../../../test-support/store/fixtures';

const open = storesAt(() => T0);
const ENDPOINT = 'https://hooks.lender.example';
const OTHER = 'https://hooks.bank.example:8443';
const lease = (owner: string, ms = 60_000) => ({ owner, ms });

/** Two stores on one database, as two instances of a deployment have. */
async function twoInstances(kind: StoreKindName): Promise<[DurableStore, DurableStore, () => Promise<void>]> {
  if (kind === 'PostgreSQL') {
    const schema = open.schema();
    return [await open(kind, { schema }), await open(kind, { schema }), async () => undefined];
  }
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'store.db');
  const a = openSqliteStore({ path, sessionTtlSeconds: 60, now: () => T0 });
  const b = openSqliteStore({ path, sessionTtlSeconds: 60, now: () => T0 });
  return [a, b, async () => void (await Promise.all([a.close(), b.close()]), cleanup())];
}

describe.each(STORE_KINDS)('%s webhook endpoint slots', (kind) => {
  it("hands out an endpoint's slots up to its limit, lowest first, and another endpoint's independently", async () => {
    const { webhookSlots: slots } = await open(kind);
    const first = await slots.acquire(ENDPOINT, 2, lease('a'), at(0));
    const second = await slots.acquire(ENDPOINT, 2, lease('b'), at(0));
    expect([first?.slot, second?.slot]).toEqual([0, 1]);
    expect(first?.token).not.toEqual(second?.token);
    expect(await slots.acquire(ENDPOINT, 2, lease('c'), at(0))).toBeUndefined();
    expect(await slots.held(ENDPOINT, at(0))).toBe(2);
    expect((await slots.acquire(OTHER, 2, lease('c'), at(0)))?.slot).toBe(0);
    expect(await slots.held(OTHER, at(0))).toBe(1);
  });

  it('frees a released slot for the next holder', async () => {
    const { webhookSlots: slots } = await open(kind);
    const first = await slots.acquire(ENDPOINT, 1, lease('a'), at(0));
    expect(first).toBeDefined();
    expect(await slots.acquire(ENDPOINT, 1, lease('b'), at(0))).toBeUndefined();
    await slots.release(first!);
    expect(await slots.held(ENDPOINT, at(0))).toBe(0);
    expect((await slots.acquire(ENDPOINT, 1, lease('b'), at(0)))?.slot).toBe(0);
  });

  it('lets a slot whose holder died be taken after its lease, and the late holder neither renews nor frees it', async () => {
    const { webhookSlots: slots } = await open(kind);
    const dead = await slots.acquire(ENDPOINT, 1, lease('dead', 60_000), at(0));
    expect(dead).toBeDefined();
    expect(await slots.acquire(ENDPOINT, 1, lease('live'), at(0.5))).toBeUndefined();
    // At the lease's end exactly, the slot is free.
    const taken = await slots.acquire(ENDPOINT, 1, lease('live', 60_000), at(1));
    expect(taken?.slot).toBe(0);
    expect(await slots.renew(dead!, at(5))).toBe(false);
    await slots.release(dead!);
    expect(await slots.held(ENDPOINT, at(1.5))).toBe(1);
    expect(await slots.acquire(ENDPOINT, 1, lease('third'), at(1.5))).toBeUndefined();
  });

  it('keeps a renewed slot past its first lease', async () => {
    const { webhookSlots: slots } = await open(kind);
    const held = await slots.acquire(ENDPOINT, 1, lease('a', 60_000), at(0));
    expect(await slots.renew(held!, at(3))).toBe(true);
    expect(await slots.acquire(ENDPOINT, 1, lease('b'), at(2))).toBeUndefined();
    expect(await slots.acquire(ENDPOINT, 1, lease('b'), at(3))).toBeDefined();
  });

  it('refuses a limit outside 1..256 and an empty endpoint', async () => {
    const { webhookSlots: slots } = await open(kind);
    await expect(slots.acquire(ENDPOINT, 0, lease('a'), at(0))).rejects.toBeInstanceOf(StoreInputError);
    await expect(slots.acquire(ENDPOINT, 1.5, lease('a'), at(0))).rejects.toBeInstanceOf(StoreInputError);
    await expect(slots.acquire(ENDPOINT, 257, lease('a'), at(0))).rejects.toBeInstanceOf(StoreInputError);
    await expect(slots.acquire('', 1, lease('a'), at(0))).rejects.toBeInstanceOf(StoreInputError);
  });

  it('never hands one slot to two instances racing for it, nor more than the limit', async () => {
    const [a, b, close] = await twoInstances(kind);
    try {
      const tries = Array.from({ length: 24 }, (_, i) =>
        (i % 2 === 0 ? a : b).webhookSlots.acquire(ENDPOINT, 3, lease(`inst${i % 2}:${i}`), at(0)),
      );
      const won = (await Promise.all(tries)).filter((slot) => slot !== undefined);
      expect(won.map((slot) => slot.slot).sort()).toEqual([0, 1, 2]);
      expect(await b.webhookSlots.held(ENDPOINT, at(0))).toBe(3);
      // One instance's release is the other's next slot.
      await a.webhookSlots.release(won[0]!);
      expect((await b.webhookSlots.acquire(ENDPOINT, 3, lease('inst1:again'), at(0)))?.slot).toBe(won[0]!.slot);
    } finally {
      await close();
    }
  });
});
