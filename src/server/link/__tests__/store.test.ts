import { afterEach, describe, expect, it } from 'vitest';
import { LinkRecordSchema } from '../schemas';
import type { LinkRecord } from '../schemas';
import { LINK_RETENTION_MS, createMemoryLinkStore } from '../store';

const T0 = Date.parse('2030-03-01T08:00:00.000Z');
const record = (expiresInMs = 600_000): LinkRecord => ({
  sessionId: 'ses_abc',
  lenderId: 'acme',
  lenderUserId: 'user-1',
  allowedOrigins: ['https://lender.example'],
  phone: '13800138000',
  applicant: { name: '李四', contacts: [{ phone: '13912345678', priority: 1 }] },
  createdAt: new Date(T0).toISOString(),
  expiresAt: new Date(T0 + expiresInMs).toISOString(),
});

let clock = T0;
const stores: Array<{ close(): Promise<void> }> = [];
const make = (sweepIntervalMs?: number) => {
  const store = createMemoryLinkStore({ now: () => clock, sweepIntervalMs });
  stores.push(store);
  return store;
};
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  clock = T0;
});

describe('memory link store', () => {
  it('keeps plain JSON records the record schema accepts, copied in and out', async () => {
    const store = make();
    const original = record();
    await store.put('k', original);
    original.allowedOrigins.push('https://evil.example');
    const got = await store.get('k');
    expect(got?.allowedOrigins).toEqual(['https://lender.example']);
    expect(JSON.parse(JSON.stringify(got))).toEqual(got);
    expect(LinkRecordSchema.safeParse(got).success).toBe(true);
    expect(await store.get('other')).toBeUndefined();
  });

  it('uses a link up once: ok, then used; unknown keys are unknown', async () => {
    const store = make();
    await store.put('k', record());
    expect(await store.consume('k', T0 + 1000)).toBe('ok');
    expect(await store.consume('k', T0 + 2000)).toBe('used');
    expect((await store.get('k'))?.usedAt).toBe(new Date(T0 + 1000).toISOString());
    expect(await store.consume('nope', T0)).toBe('unknown');
  });

  it('answers exactly one ok to concurrent consumers', async () => {
    const store = make();
    await store.put('k', record());
    const results = await Promise.all(Array.from({ length: 5 }, () => store.consume('k', T0)));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'used')).toHaveLength(4);
  });

  it('refuses an expired link, and a used link stays used after its expiry', async () => {
    const store = make();
    await store.put('late', record(60_000));
    await store.put('used', record(60_000));
    expect(await store.consume('used', T0)).toBe('ok');
    expect(await store.consume('late', T0 + 60_000)).toBe('expired');
    expect(await store.consume('used', T0 + 60_000)).toBe('used');
  });

  it('keeps links 24 hours past expiry, then forgets them on read and on sweep', async () => {
    const store = make(10);
    await store.put('a', record(60_000));
    await store.put('b', record(60_000));
    clock = T0 + 60_000 + LINK_RETENTION_MS - 1;
    expect(await store.get('a')).toBeDefined();
    expect(store.size()).toBe(2);
    clock += 1;
    expect(await store.get('a')).toBeUndefined();
    expect(await store.consume('a', clock)).toBe('unknown');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(store.size()).toBe(0);
  });
});
