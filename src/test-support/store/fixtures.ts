import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { CollectedData } from '../../providers/data-model';
import type { ProviderName } from '../../providers/types';
import type { LinkRecord } from '../../server/link/schemas';
import type { SessionRecord } from '../../server/session/record';
import { afterEach } from 'vitest';
import { openDatabase, openSqliteStore } from '../../server/store/sqlite/open';
import type { CollectionInput, DurableStore, OutboxEventInput, WebhookEventType } from '../../server/store/types';
import type { PostgresStore } from '../../server/store/postgres';
import { postgresSchemas } from './postgres';

export const T0 = Date.parse('2030-03-01T08:00:00.000Z');

/** The implementations every contract suite runs against. */
export const STORE_KINDS = ['SQLite', 'PostgreSQL'] as const;
export type StoreKindName = (typeof STORE_KINDS)[number];

export interface OpenStoreOptions {
  sessionTtlSeconds?: number;
  /** PostgreSQL: share this schema with another store (two instances of one deployment). */
  schema?: string;
}

/**
 * Opens stores of either kind on the given clock for one test file, closing them after each test:
 * SQLite in memory, PostgreSQL in a fresh schema of the test server.
 */
export function storesAt(now: () => number): ((kind: StoreKindName, options?: OpenStoreOptions) => Promise<DurableStore>) & {
  /** A schema name two PostgreSQL stores can share. */
  schema(): string;
  /** A PostgreSQL store with its pool (for tests that reach into the database). */
  postgres(options?: OpenStoreOptions): Promise<PostgresStore>;
} {
  const stores: DurableStore[] = [];
  const postgres = postgresSchemas();
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  const openPostgres = async (options: OpenStoreOptions = {}) => {
    const store = await postgres.open({
      sessionTtlSeconds: options.sessionTtlSeconds ?? 60,
      now,
      ...(options.schema !== undefined && { schema: options.schema }),
    });
    stores.push(store);
    return store;
  };
  const open = async (kind: StoreKindName, options: OpenStoreOptions = {}): Promise<DurableStore> => {
    if (kind === 'PostgreSQL') return openPostgres(options);
    const store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: options.sessionTtlSeconds ?? 60, now });
    stores.push(store);
    return store;
  };
  return Object.assign(open, { schema: () => postgres.schema(), postgres: openPostgres });
}
export const iso = (ms: number): string => new Date(ms).toISOString();
/** `minutes` after T0, as an ISO string. */
export const at = (minutes: number): string => iso(T0 + minutes * 60_000);

export const sessionRecord = (id: string): SessionRecord => ({
  id,
  version: 0,
  provider: 'rong360',
  phone: '13800138000',
  userId: 'cl_0123',
  consent: { agreementVersion: 'v1', acceptedAt: '2030-01-01T00:00:00.000Z', recordedAt: '2030-01-01T00:00:01.000Z' },
  createdAt: '2030-01-01T00:00:01.000Z',
  updatedAt: '2030-01-01T00:00:01.000Z',
  step: { type: 'authorized', id: 'st_1' },
  adapterState: { nested: { list: [1, 2] } },
});

export const linkRecord = (expiresInMs = 600_000, sessionId = 'ses_abc'): LinkRecord => ({
  sessionId,
  lenderId: 'acme',
  lenderUserId: 'user-1',
  allowedOrigins: ['https://lender.example'],
  phone: '13800138000',
  applicant: { name: '李四', contacts: [{ phone: '13912345678', priority: 1 }] },
  createdAt: iso(T0),
  expiresAt: iso(T0 + expiresInMs),
});

export const collectionInput = (sessionId: string, overrides: Partial<CollectionInput> = {}): CollectionInput => ({
  sessionId,
  provider: 'rong360',
  lenderId: 'acme',
  lenderUserId: 'user-1',
  demo: false,
  userId: `cl_${sessionId}`,
  taskId: `task_${sessionId}`,
  phone: '13800138000',
  authorizedAt: at(0),
  firstAttemptAt: at(1),
  extrasPending: [],
  ...overrides,
});

export const event = (id: string, sessionId: string, type: WebhookEventType = 'authorized', createdAt = at(0)): OutboxEventInput => ({
  id,
  lenderId: 'acme',
  type,
  sessionId,
  payload: { id, type, sessionId, lenderUserId: 'user-1', data: { provider: 'rong360' } },
  createdAt,
});

export const collectedData = (provider: ProviderName = 'rong360'): CollectedData => ({
  provider,
  upstream: { taskId: null, userId: null },
  subscriber: {
    phone: null,
    name: null,
    idCard: '1101********12',
    idCardMasking: 'carrier',
    address: null,
    openDate: '2020-01-02',
    carrier: 'china_mobile',
    region: '北京',
    balanceFen: 1200,
  },
  calls: [
    {
      time: '2030-02-28T17:58:41+08:00',
      durationSeconds: 61,
      direction: 'outgoing',
      directionText: null,
      peer: '10086',
      place: '北京',
      peerPlace: null,
      roaming: 'local',
      costFen: 0,
      carrierType: '国内通话',
    },
  ],
  sms: [],
  bills: [
    {
      month: '2030-01',
      totalFen: 5800,
      breakdown: {
        packageFen: 5800,
        extraCallsFen: null,
        extraDataFen: null,
        extraSmsFen: null,
        valueAddedFen: null,
        collectedForOthersFen: null,
        otherFen: null,
      },
    },
  ],
  missingMonths: { calls: [], callsPossibly: [], sms: [], bills: [] },
  absentLists: [],
  skipped: { calls: 0, sms: 0, bills: 0 },
  unreadable: {},
  report: null,
  collectionScore: null,
  numberTags: null,
});

/** An in-memory database at the latest schema, for store factories used directly. */
export const migratedMemoryDb = (): Database.Database => openDatabase(':memory:');

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cl-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
