import { randomBytes } from 'node:crypto';
import type { SharedToken, SharedTokenStore } from '../shared/shared-token';
import type { DianhuaAnswer } from './wire';

/** What a token fetch came to: a fresh token, or the vendor's refusal (answered to the caller as is). */
export type TokenFetch = SharedToken | DianhuaAnswer;

/**
 * Dianhua's access token: one global credential per app id (§2). Every client of that app id in
 * this process (the adapter, the data source) shares one cache, and with a shared store every
 * instance of the deployment shares one token, refreshed by one of them at a time.
 */
export interface DianhuaTokenCache {
  readonly appId: string;
  /** A token still good for use, or the outcome of one refresh shared by every waiting caller. */
  token(fetch: () => Promise<TokenFetch>): Promise<TokenFetch>;
  /** The vendor refused `token` (status 4000): forget it, unless a newer one already replaced it. */
  invalidate(token: string): Promise<void>;
}

export interface DianhuaTokenCacheOptions {
  appId: string;
  /** Shared by the instances (the server's durable store); without it the cache is this process's only. */
  store?: SharedTokenStore;
  now?: () => number;
  /** How long one instance may take to refresh before another may try (default 30 s, beyond a token call's timeout). */
  refreshLeaseMs?: number;
  /** How often an instance waiting for another's refresh looks again (default 200 ms). */
  pollMs?: number;
}

const isToken = (value: TokenFetch): value is SharedToken => 'token' in value && typeof value.token === 'string';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createDianhuaTokenCache(options: DianhuaTokenCacheOptions): DianhuaTokenCache {
  const { appId, store } = options;
  const now = options.now ?? Date.now;
  const leaseMs = options.refreshLeaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 200;
  const key = `dianhua:${appId}`;
  const owner = `${process.pid}-${randomBytes(6).toString('hex')}`;
  let cached: SharedToken | undefined;
  let pending: Promise<TokenFetch> | undefined;

  /** Fetches a token ourselves; with a store, only while holding its refresh lease. */
  async function refreshed(fetch: () => Promise<TokenFetch>): Promise<TokenFetch> {
    if (!store) return fetch();
    try {
      const result = await fetch();
      if (isToken(result)) await store.put(key, result, owner);
      else await store.release(key, owner);
      return result;
    } catch (error) {
      await store.release(key, owner).catch(() => undefined);
      throw error;
    }
  }

  async function shared(fetch: () => Promise<TokenFetch>): Promise<TokenFetch> {
    if (!store) return refreshed(fetch);
    const giveUpAt = now() + leaseMs * 2;
    for (;;) {
      const stored = await store.get(key);
      if (stored && now() < stored.refreshAt) return stored;
      if (await store.claimRefresh(key, owner, leaseMs)) return refreshed(fetch);
      // Another instance is refreshing: its old token is still good until it expires.
      if (stored && now() < stored.expiresAt) return stored;
      // A refresher that died leaves its lease to run out; a store that never answers is not waited on forever.
      if (now() > giveUpAt) return fetch();
      await sleep(pollMs);
    }
  }

  return {
    appId,
    async token(fetch) {
      if (cached && now() < cached.refreshAt) return cached;
      pending ??= shared(fetch)
        .then((result) => {
          if (isToken(result)) cached = result;
          return result;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
    async invalidate(token) {
      // Drop it only if nobody replaced it meanwhile: concurrent 4000s then share one refresh.
      if (cached?.token === token) cached = undefined;
      await store?.invalidate(key, token);
    },
  };
}
