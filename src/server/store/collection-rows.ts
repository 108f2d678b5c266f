import * as z from 'zod';
import { CRAWL_STAGES, EXTRA_KINDS, StoredCollectedDataSchema } from '../../providers/data-model';
import type { ExtraKind, ExtraResult } from '../../providers/data-model';
import { vendorOf } from '../../providers/registry';
import type { ProviderName } from '../../providers/types';
import type { CollectionInput, CollectionRecord, CollectionStatus, StoredData } from './types';
import { checkInput, readJson, toIso, toIsoOrNull, toJson, toMs } from './codec';

/** A `collections` row as SQLite answers it (STRICT tables hold these types). */
export interface CollectionRow {
  session_id: string;
  provider: ProviderName;
  lender_id: string | null;
  lender_user_id: string | null;
  demo: number;
  user_id: string;
  task_id: string;
  phone: string;
  status: CollectionStatus;
  stages: string;
  attempts: number;
  next_attempt_at: number | null;
  extras_pending: string;
  extra_attempts: number;
  failure: string | null;
  authorized_at: number;
  updated_at: number;
  ready_at: number | null;
  failed_at: number | null;
  purged_at: number | null;
  previous_session_id: string | null;
}

const StagesSchema = z.array(z.enum(CRAWL_STAGES));
const ExtraKindsSchema = z.array(z.enum(EXTRA_KINDS));
const FailureSchema = z.object({ code: z.string(), message: z.string() });

export const ExtraResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ready'), data: z.unknown(), raw: z.optional(z.record(z.string(), z.unknown())) }),
  z.object({ status: z.literal('pending') }),
  z.object({ status: z.literal('failed'), code: z.string(), message: z.string() }),
]) satisfies z.ZodType<ExtraResult>;

export const ExtrasSchema = z.partialRecord(z.enum(EXTRA_KINDS), ExtraResultSchema);
const RawSchema = z.record(z.string(), z.unknown());

/** Checks what markReady is given, so a malformed payload is refused before anything is written. */
export const StoredDataSchema = z.object({ data: StoredCollectedDataSchema, raw: RawSchema, extras: ExtrasSchema });

/** Pending extras as stored: a sorted, duplicate-free JSON array, so `'[]'` means none in SQL. */
export function extrasJson(kinds: readonly ExtraKind[]): string {
  const checked = checkInput(ExtraKindsSchema, kinds, 'extras pending');
  return JSON.stringify(EXTRA_KINDS.filter((kind) => checked.includes(kind)));
}

export function toCollectionRecord(row: CollectionRow): CollectionRecord {
  const what = `collection ${row.session_id}`;
  return {
    sessionId: row.session_id,
    provider: row.provider,
    lenderId: row.lender_id,
    lenderUserId: row.lender_user_id,
    demo: row.demo === 1,
    userId: row.user_id,
    taskId: row.task_id,
    phone: row.phone,
    status: row.status,
    stages: readJson(row.stages, StagesSchema, `${what} stages`),
    attempts: row.attempts,
    nextAttemptAt: toIsoOrNull(row.next_attempt_at),
    extrasPending: readJson(row.extras_pending, ExtraKindsSchema, `${what} extras`),
    extraAttempts: row.extra_attempts,
    failure: row.failure === null ? null : readJson(row.failure, FailureSchema, `${what} failure`),
    authorizedAt: toIso(row.authorized_at),
    updatedAt: toIso(row.updated_at),
    readyAt: toIsoOrNull(row.ready_at),
    failedAt: toIsoOrNull(row.failed_at),
    purgedAt: toIsoOrNull(row.purged_at),
    previousSessionId: row.previous_session_id ?? null,
  };
}

/** The insert parameters of a new collection. */
export function newCollectionRow(input: CollectionInput): Record<string, string | number | null> {
  const authorizedAt = toMs(input.authorizedAt, 'authorizedAt');
  return {
    sessionId: input.sessionId,
    provider: input.provider,
    lenderId: input.lenderId,
    lenderUserId: input.lenderUserId,
    demo: input.demo ? 1 : 0,
    userId: input.userId,
    taskId: input.taskId,
    phone: input.phone,
    nextAttemptAt: toMs(input.firstAttemptAt, 'firstAttemptAt'),
    extrasPending: extrasJson(input.extrasPending),
    authorizedAt,
    previousSessionId: input.previousSessionId ?? null,
  };
}

export interface DataRow {
  data: string;
  raw: string;
  extras: string;
}

export function toStoredData(sessionId: string, row: DataRow): StoredData {
  const what = `data of collection ${sessionId}`;
  return {
    data: readJson(row.data, StoredCollectedDataSchema, what),
    raw: readJson(row.raw, RawSchema, `raw payloads of collection ${sessionId}`),
    extras: readJson(row.extras, ExtrasSchema, `extras of collection ${sessionId}`),
  };
}

export const failureJson = (failure: { code: string; message: string }): string =>
  toJson(checkInput(FailureSchema, failure, 'failure'), 'failure');

/** The column holding the id a vendor's pushes name a session by (its descriptor says which). */
export function upstreamColumn(provider: ProviderName): 'user_id' | 'task_id' {
  return vendorOf(provider).push.names === 'userId' ? 'user_id' : 'task_id';
}
