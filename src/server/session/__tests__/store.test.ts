import { afterEach, describe, expect, it } from 'vitest';
import { sessionRecord } from '../../../test-support/store/fixtures';
import { createMemorySessionStore } from '../store';
import { bearerToken, createToken, isWellFormedToken, tokenKey } from '../token';

const record = sessionRecord;

let clock = 0;
const stores: Array<{ close(): Promise<void> }> = [];
const make = (ttlSeconds: number, sweepIntervalMs?: number) => {
  const store = createMemorySessionStore({ ttlSeconds, now: () => clock, sweepIntervalMs });
  stores.push(store);
  return store;
};
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  clock = 0;
});

describe('memory session store', () => {
  it('hands out copies, so changing a fetched record does not change the stored one', async () => {
    const store = make(60);
    await store.put('k', record('a'));
    const first = await store.get('k');
    if (!first) throw new Error('missing');
    first.phone = 'changed';
    expect((await store.get('k'))?.phone).toBe('13800138000');
    expect((await store.get('k'))?.adapterState).toEqual({ nested: { list: [1, 2] } });
  });

  it('expires a record the idle TTL after its last write, whatever was read meanwhile', async () => {
    const store = make(60);
    await store.put('k', record('a'));
    clock = 59_000;
    expect(await store.get('k')).toBeDefined();
    clock = 60_000;
    expect(await store.get('k')).toBeUndefined();
  });

  it('sweeps expired records in the background and deletes on request', async () => {
    const store = make(1, 5);
    await store.put('old', record('a'));
    await store.put('gone', record('b'));
    await store.delete('gone');
    clock = 2_000;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(store.size()).toBe(0);
  });
});

describe('session tokens', () => {
  it('are 32 random bytes in base64url and stored under their sha256', () => {
    const a = createToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(createToken()).not.toBe(a);
    expect(tokenKey(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenKey(a)).not.toContain(a);
    expect(isWellFormedToken(a)).toBe(true);
    expect(isWellFormedToken(`${a}=`)).toBe(false);
  });

  it('are read from a Bearer Authorization header only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
