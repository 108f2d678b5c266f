import { afterEach, describe, expect, it } from 'vitest';
import type { SharedToken, SharedTokenStore } from '../../shared/shared-token';
import { createDianhuaClient } from '../client';
import { createDianhuaDataSource } from '../data';
import { createDianhuaAdapter } from '../adapter';
import { createDianhuaTokenCache } from '../token-cache';
import type { TokenFetch } from '../token-cache';
import { formatBeijingTime } from '../wire';
import { APP_ID, APP_SECRET } from '../../../test-support/providers/dianhua/helpers';
import { startFakeUpstream } from '../../../test-support/providers/dianhua/fake-upstream';

// One Dianhua token per app id: shared by the adapter and the data source of a process, and
// through a shared store by every instance, with one refresh at a time.

const T0 = Date.parse('2024-05-01T08:00:00.000Z');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});
const ok = (data: object = {}) => ({ status: 0, action: 'processing', msg: 'OK', data });

/**
 * A SharedTokenStore with the contract the server's durable stores implement (the stores run it
 * against SQLite and PostgreSQL themselves): a refresh lease with an expiry, CAS invalidation.
 */
function sharedStore(now: () => number): SharedTokenStore & { puts: number } {
  const rows = new Map<string, { token?: SharedToken; lease?: { owner: string; until: number } }>();
  const row = (key: string) => rows.get(key) ?? rows.set(key, {}).get(key)!;
  return {
    puts: 0,
    async get(key) {
      return rows.get(key)?.token;
    },
    async claimRefresh(key, owner, leaseMs) {
      const r = row(key);
      if (r.lease && r.lease.until > now()) return false;
      r.lease = { owner, until: now() + leaseMs };
      return true;
    },
    async put(key, token) {
      this.puts += 1;
      const r = row(key);
      r.token = token;
      delete r.lease;
    },
    async release(key, owner) {
      const r = row(key);
      if (r.lease?.owner === owner) delete r.lease;
    },
    async invalidate(key, token) {
      const r = row(key);
      if (r.token?.token === token) delete r.token;
    },
  };
}

async function upstream(clock: () => number) {
  let issued = 0;
  const server = await startFakeUpstream((request) => {
    if (request.path === '/token') {
      issued++;
      return ok({ token: `token-${issued}`, expires: formatBeijingTime(clock() + 7200_000) });
    }
    return ok({ used: request.query.get('token') });
  });
  cleanups.push(server.close);
  return { url: server.url, tokens: () => server.count('/token') };
}

const config = (url: string) => ({ baseUrl: url, appId: APP_ID, appSecret: APP_SECRET, timeoutMs: 2_000 });

describe('Dianhua token cache', () => {
  it('gives the adapter and the data source of one app id one token between them', async () => {
    let clock = T0;
    const up = await upstream(() => clock);
    const tokens = createDianhuaTokenCache({ appId: APP_ID, now: () => clock });
    const adapter = createDianhuaAdapter({ ...config(up.url), smsResend: 'off', maxSmsResends: 2 }, { now: () => clock, tokens });
    const data = createDianhuaDataSource(config(up.url), { now: () => clock, tokens });
    cleanups.push(adapter.close, data.close);
    // This upstream's answers are not real flows; only the token calls behind them matter here.
    const start = () => adapter.start({ phone: '13800138000', userId: 'cl_1' }).catch(() => undefined);
    const collect = () => data.collect({ userId: 'cl_1', taskId: 'sid_1', phone: '13800138000' }).catch(() => undefined);
    await start();
    await collect();
    expect(up.tokens()).toBe(1);
    clock += 7200_000;
    await collect();
    await start();
    expect(up.tokens()).toBe(2);
  });

  it('refuses a cache of another app id', () => {
    const tokens = createDianhuaTokenCache({ appId: 'other-app' });
    expect(() => createDianhuaClient(config('http://127.0.0.1:1'), { tokens })).toThrow(/another app id/);
  });

  it('lets one of several instances refresh; the others wait for its token instead of fetching their own', async () => {
    const clock = T0;
    const up = await upstream(() => clock);
    const store = sharedStore(() => clock);
    const clients = Array.from({ length: 4 }, () => {
      const client = createDianhuaClient(config(up.url), {
        now: () => clock,
        tokens: createDianhuaTokenCache({ appId: APP_ID, store, now: () => clock, pollMs: 5 }),
      });
      cleanups.push(client.close);
      return client;
    });
    const answers = await Promise.all(clients.flatMap((client) => [client.get('calls/record', {}), client.get('calls/report', {})]));
    expect(up.tokens()).toBe(1);
    expect(new Set(answers.map((a) => (a.data as { used: string }).used))).toEqual(new Set(['token-1']));
  });

  it('uses the old token while another instance refreshes it, until the old one expires', async () => {
    let clock = T0;
    const store = sharedStore(() => clock);
    await store.put(`dianhua:${APP_ID}`, { token: 'old', refreshAt: T0 - 1, expiresAt: T0 + 60_000 }, 'x');
    await store.claimRefresh(`dianhua:${APP_ID}`, 'another-instance', 30_000);
    const cache = createDianhuaTokenCache({ appId: APP_ID, store, now: () => clock, pollMs: 5 });
    const fetch = async (): Promise<TokenFetch> => {
      throw new Error('must not fetch while another instance refreshes');
    };
    expect(await cache.token(fetch)).toMatchObject({ token: 'old' });
    // Not cached as good beyond its refresh time: the next call looks at the store again.
    clock = T0 + 1;
    await store.put(`dianhua:${APP_ID}`, { token: 'new', refreshAt: T0 + 600_000, expiresAt: T0 + 700_000 }, 'another-instance');
    expect(await cache.token(fetch)).toMatchObject({ token: 'new' });
  });

  it('takes the refresh over when the instance that held it died, once its lease runs out', async () => {
    let clock = T0;
    const store = sharedStore(() => clock);
    await store.claimRefresh(`dianhua:${APP_ID}`, 'dead-instance', 1_000);
    const cache = createDianhuaTokenCache({ appId: APP_ID, store, now: () => clock, refreshLeaseMs: 1_000, pollMs: 5 });
    let fetched = 0;
    const waiting = cache.token(async () => {
      fetched++;
      return { token: 'mine', refreshAt: clock + 60_000, expiresAt: clock + 120_000 };
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fetched).toBe(0);
    clock += 1_000;
    expect(await waiting).toMatchObject({ token: 'mine' });
    expect(fetched).toBe(1);
    expect(await store.get(`dianhua:${APP_ID}`)).toMatchObject({ token: 'mine' });
  });

  it('hands the refresh back when the vendor refuses it, so another try is not blocked', async () => {
    const clock = T0;
    const store = sharedStore(() => clock);
    const cache = createDianhuaTokenCache({ appId: APP_ID, store, now: () => clock });
    const refusal = { status: 3998, action: 'processing', msg: 'appid forbidden', data: null } as unknown as TokenFetch;
    expect(await cache.token(async () => refusal)).toBe(refusal);
    expect(await store.claimRefresh(`dianhua:${APP_ID}`, 'next', 1_000)).toBe(true);
  });

  it('on 4000 forgets the token everywhere, once, and all instances move to one new token', async () => {
    const clock = T0;
    const refused = 'token-1';
    let issued = 0;
    const server = await startFakeUpstream((request) => {
      if (request.path === '/token') {
        issued++;
        return ok({ token: `token-${issued}`, expires: formatBeijingTime(clock + 7200_000) });
      }
      const token = request.query.get('token');
      return token === refused ? { status: 4000, action: 'processing', msg: 'token invalid' } : ok({ used: token });
    });
    cleanups.push(server.close);
    const store = sharedStore(() => clock);
    const make = () => {
      const client = createDianhuaClient(config(server.url), {
        now: () => clock,
        tokens: createDianhuaTokenCache({ appId: APP_ID, store, now: () => clock, pollMs: 5 }),
      });
      cleanups.push(client.close);
      return client;
    };
    const [a, b] = [make(), make()];
    const answers = await Promise.all([a.get('calls/record', {}), b.get('calls/record', {}), a.get('cuishou', {})]);
    expect(answers.map((x) => (x.data as { used?: string } | null)?.used)).toEqual(['token-2', 'token-2', 'token-2']);
    expect(issued).toBe(2);
  });
});
