import Fastify from 'fastify';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Step } from '../../flow';
import type { ExtraKind } from '../../providers/data-model';
import type { ProviderName } from '../../providers/types';
import { createApiKeyring } from '../../server/link/api-keys';
import type { LinkRecord } from '../../server/link/schemas';
import { createLinkToken } from '../../server/link/service';
import type { SessionRecord } from '../../server/session/record';
import { createToken, tokenKey } from '../../server/session/token';
import { collectedData } from '../store/fixtures';
import { openSqliteStore } from '../../server/store/sqlite';
import type { DurableStore, StoredData } from '../../server/store/types';
import { registerLenderApi } from '../../server/lender/routes';
import type { LenderApiDeps } from '../../server/lender/routes';

export const KEY_ACME = 'sk_test_ACME_0123456789abcdefghijkl';
export const KEY_BANK = 'sk_test_BANK_zyxwvutsrqponmlkjihgfe';
export const T0 = Date.parse('2030-03-01T08:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();
export const PHONE = '13800138000';

export interface Harness {
  app: FastifyInstance;
  store: DurableStore;
  clock: { now(): number; advance(ms: number): void };
  kicks: { count: number };
  get(url: string, key?: string | null): Promise<LightMyRequestResponse>;
  send(method: 'PUT' | 'DELETE' | 'POST', url: string, body?: unknown, key?: string | null): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

const auth = (key: string | null | undefined): Record<string, string> =>
  key === null ? {} : { authorization: `Bearer ${key ?? KEY_ACME}` };

/** A bare Fastify app with only the lender API, over an in-memory SQLite store and a hand-driven clock. */
export async function lenderHarness(
  options: {
    allowPrivateNetworks?: boolean;
    fullIdCardLenders?: readonly string[] | '*';
    /** Mounts update links over the harness store (the link service is built from it). */
    updateLinks?: (store: DurableStore, now: () => number) => LenderApiDeps['updateLinks'];
  } = {},
): Promise<Harness> {
  let t = T0;
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) };
  const store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 3600, now: clock.now });
  const app = Fastify({ logger: false });
  const keyring = createApiKeyring([
    { lenderId: 'acme', key: KEY_ACME },
    { lenderId: 'bank', key: KEY_BANK },
  ]);
  const kicks = { count: 0 };
  const { updateLinks, ...rest } = options;
  registerLenderApi(app, {
    keyring,
    store,
    dispatcher: { kick: () => void (kicks.count += 1) },
    now: clock.now,
    ...rest,
    ...(updateLinks && { updateLinks: updateLinks(store, clock.now) }),
  });
  await app.ready();
  return {
    app,
    store,
    clock,
    kicks,
    get: (url, key) => app.inject({ method: 'GET', url, headers: auth(key) }),
    send: (method, url, body, key) =>
      app.inject({
        method,
        url,
        headers: { ...auth(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/** A link as POST /api/link-tokens stores it (valid for 30 minutes from T0). */
export async function putLink(store: DurableStore, sessionId: string, overrides: Partial<LinkRecord> = {}): Promise<LinkRecord> {
  const record: LinkRecord = {
    sessionId,
    lenderId: 'acme',
    lenderUserId: 'user-42',
    allowedOrigins: ['https://lender.example'],
    phone: PHONE,
    createdAt: iso(T0),
    expiresAt: iso(T0 + 30 * 60_000),
    ...overrides,
  };
  await store.links.put(tokenKey(createLinkToken()), record);
  return record;
}

export const loginStep: Step = {
  type: 'form',
  id: 'st_login',
  revision: 1,
  intent: 'login',
  fields: [
    { kind: 'phone', id: 'phone', required: true, value: PHONE, locked: true },
    {
      kind: 'servicePassword',
      id: 'password',
      label: '服务密码',
      required: true,
      error: { code: 'password_incorrect', message: '服务密码错误' },
    },
  ],
  notice: '请输入服务密码',
};

/** A widget session opened from acme's link (the link is stored used). */
export async function putSession(
  store: DurableStore,
  sessionId: string,
  step: Step,
  extra: Partial<SessionRecord> = {},
): Promise<SessionRecord> {
  await putLink(store, sessionId, { usedAt: iso(T0 + 60_000) });
  const record: SessionRecord = {
    id: sessionId,
    version: 1,
    provider: 'dianhua',
    phone: PHONE,
    userId: 'cl_0123456789abcdef01234567',
    link: { lenderId: 'acme', lenderUserId: 'user-42', allowedOrigins: ['https://lender.example'] },
    consent: { agreementVersion: 'v1', acceptedAt: iso(T0 + 60_000), recordedAt: iso(T0 + 60_000) },
    createdAt: iso(T0 + 60_000),
    updatedAt: iso(T0 + 120_000),
    step,
    adapterState: { sid: 'secret-upstream-sid' },
    ...extra,
  };
  await store.sessions.put(tokenKey(createToken()), record);
  return record;
}

/** An authorized session's collection (its link kept, its widget session gone). */
export async function authorize(
  store: DurableStore,
  sessionId: string,
  provider: ProviderName = 'dianhua',
  options: { lenderId?: string; extrasPending?: ExtraKind[] } = {},
) {
  await putLink(store, sessionId, { usedAt: iso(T0 + 60_000), ...(options.lenderId ? { lenderId: options.lenderId } : {}) });
  await store.collections.createAuthorized(
    {
      sessionId,
      provider,
      lenderId: options.lenderId ?? 'acme',
      lenderUserId: 'user-42',
      demo: false,
      userId: 'cl_0123456789abcdef01234567',
      taskId: `task_${sessionId}`,
      phone: PHONE,
      authorizedAt: iso(T0 + 300_000),
      firstAttemptAt: iso(T0 + 330_000),
      extrasPending: options.extrasPending ?? (provider === 'dianhua' ? ['report', 'score', 'tags'] : []),
    },
    [],
  );
}

/** The collected data a ready session holds (the store tests' fixture). */
export const collected = collectedData;

/** Authorizes and marks the collection ready with the given extras. */
export async function makeReady(
  store: DurableStore,
  sessionId: string,
  provider: ProviderName,
  extras: StoredData['extras'] = {},
  pending: ExtraKind[] = [],
  stored: Partial<Pick<StoredData, 'data' | 'raw'>> = {},
) {
  await authorize(store, sessionId, provider, { extrasPending: pending });
  await store.collections.markReady(
    sessionId,
    { data: stored.data ?? collected(provider), raw: stored.raw ?? { '/calls': { vendor: 'payload' } }, extras },
    iso(T0 + 600_000),
    [],
  );
}
