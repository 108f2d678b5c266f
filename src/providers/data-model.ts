import * as z from 'zod';
import { PROVIDER_NAMES } from './types';

// The provider-neutral model of what a carrier crawl collected (issue 6). Adapters map vendor
// payloads into it; the lender API answers it and /openapi.json documents it from these schemas.
// Money is in fen (integer cents of CNY) so no float ever rounds a bill.

export const CARRIERS = ['china_mobile', 'china_unicom', 'china_telecom'] as const;
export type Carrier = (typeof CARRIERS)[number];

export const CALL_DIRECTIONS = ['outgoing', 'incoming', 'unknown'] as const;
export const SMS_DIRECTIONS = ['sent', 'received', 'unknown'] as const;
/** Where the subscriber was: in their home area, roaming in mainland China, or anything else. */
export const ROAMING_KINDS = ['local', 'domestic_roaming', 'other'] as const;

/** `YYYY-MM`. */
export const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .meta({ description: 'Month as YYYY-MM', example: '2025-10' });
/** An instant with the carrier's offset, e.g. `2025-10-31T17:58:41+08:00`. */
export const TimeSchema = z.iso
  .datetime({ offset: true })
  .meta({ description: 'ISO 8601 time with offset (carriers report Beijing time, +08:00)' });
const Fen = z.number().int().meta({ description: 'Amount in fen (1/100 CNY)' });

export const SubscriberSchema = z
  .object({
    /** Registered name as the carrier has it (may be partly masked by the carrier). */
    name: z.string().nullable(),
    /** Registered ID card, always masked: first 4 and last 2 characters kept. */
    idCardMasked: z.string().nullable(),
    address: z.string().nullable(),
    /** `YYYY-MM-DD`, Beijing date. */
    openDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable(),
    carrier: z.enum(CARRIERS).nullable(),
    /** Province (or city) of the number, in Chinese as the carrier names it. */
    region: z.string().nullable(),
    /** Account balance when the carrier reveals it. */
    balanceFen: Fen.nullable(),
  })
  .meta({ id: 'Subscriber' });

export const CallSchema = z
  .object({
    time: TimeSchema,
    durationSeconds: z.number().int().nonnegative(),
    direction: z.enum(CALL_DIRECTIONS),
    /** The other party's number as the carrier lists it. */
    peer: z.string(),
    /** Where the subscriber was during the call. */
    place: z.string().nullable(),
    /** The other party's area when listed. */
    peerPlace: z.string().nullable(),
    roaming: z.enum(ROAMING_KINDS).nullable(),
    costFen: Fen.nullable(),
    /** The carrier's own words for the call type (e.g. 国内通话), kept verbatim. */
    carrierType: z.string().nullable(),
  })
  .meta({ id: 'Call' });

export const SmsSchema = z
  .object({
    time: TimeSchema,
    direction: z.enum(SMS_DIRECTIONS),
    peer: z.string(),
  })
  .meta({ id: 'Sms' });

export const BillSchema = z
  .object({
    month: MonthSchema,
    totalFen: Fen.nullable(),
    /** Each part when the carrier itemizes it; null when not reported. */
    breakdown: z.object({
      packageFen: Fen.nullable(),
      extraCallsFen: Fen.nullable(),
      extraDataFen: Fen.nullable(),
      extraSmsFen: Fen.nullable(),
      valueAddedFen: Fen.nullable(),
      collectedForOthersFen: Fen.nullable(),
      otherFen: Fen.nullable(),
    }),
  })
  .meta({ id: 'Bill' });

export const MissingMonthsSchema = z
  .object({
    calls: z.array(MonthSchema),
    /** Months the vendor says may be incomplete. */
    callsPossibly: z.array(MonthSchema),
    sms: z.array(MonthSchema),
    bills: z.array(MonthSchema),
  })
  .meta({ id: 'MissingMonths' });

export const CollectedDataSchema = z
  .object({
    provider: z.enum(PROVIDER_NAMES),
    subscriber: SubscriberSchema,
    /** Newest first. */
    calls: z.array(CallSchema),
    /** Newest first; Dianhua's record has no SMS, so empty there. */
    sms: z.array(SmsSchema),
    /** Newest month first. */
    bills: z.array(BillSchema),
    missingMonths: MissingMonthsSchema,
    /** Records the vendor sent that could not be read (kept in the raw payload), by list. */
    skipped: z.object({
      calls: z.number().int().nonnegative(),
      sms: z.number().int().nonnegative(),
      bills: z.number().int().nonnegative(),
    }),
  })
  .meta({ id: 'CollectedData' });
export type CollectedData = z.infer<typeof CollectedDataSchema>;
export type Subscriber = z.infer<typeof SubscriberSchema>;
export type Call = z.infer<typeof CallSchema>;
export type Sms = z.infer<typeof SmsSchema>;
export type Bill = z.infer<typeof BillSchema>;

/** Crawl stages a vendor may reveal while collecting (informational webhooks). */
export const CRAWL_STAGES = ['login', 'bills', 'calls', 'sms'] as const;
export type CrawlStage = (typeof CRAWL_STAGES)[number];

/** A data answer holds months of call records: far bigger than a step answer (providers/http's 2 MB default). */
export const DATA_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** What the upstream knows an authorized session by. */
export interface CollectRef {
  /** Our applicant id sent upstream (Rong360 `user_id`, Dianhua `uid`). */
  userId: string;
  /** Rong360 `status_id` / Dianhua `sid`. */
  taskId: string;
  phone: string;
}

/** The Dianhua extras, passed through typed (Rong360 has none). */
export const EXTRA_KINDS = ['report', 'score', 'tags'] as const;
export type ExtraKind = (typeof EXTRA_KINDS)[number];

export type ExtraResult = { status: 'ready'; data: unknown } | { status: 'pending' } | { status: 'failed'; code: string; message: string };

/** One attempt at fetching the collected data. */
export type CollectResult =
  /** Everything is in: the normalized model and every raw vendor payload it came from (by method/path). */
  | { type: 'ready'; data: CollectedData; raw: Record<string, unknown>; stages: CrawlStage[] }
  /** Still landing (e.g. Rong360's empty data_list, Dianhua 3001/3101): try again later. */
  | { type: 'pending'; stages: CrawlStage[]; reason: string }
  /** The crawl failed upstream for good. */
  | { type: 'failed'; code: string; message: string };

/** The data side of an upstream. Errors of transport or shape throw (UpstreamError): the caller retries with backoff. */
export interface ProviderDataSource {
  collect(ref: CollectRef): Promise<CollectResult>;
  /** Dianhua's report, collection score and number tags; absent for providers without them. */
  collectExtras?(ref: CollectRef, kinds: readonly ExtraKind[]): Promise<Partial<Record<ExtraKind, ExtraResult>>>;
}

/** A vendor push, read and checked (not yet trusted: a push is a hint, confirmed through the API). */
export interface ParsedPush {
  /** Rong360 `notice`; Dianhua `auth`, `report`, `result`, or `status` (a status push without yulore_flag). */
  kind: 'notice' | 'auth' | 'report' | 'result' | 'status';
  /** Rong360 `user_id`; Dianhua `sid`. */
  upstreamKey: string;
  /** The vendor's status code (Rong360 2 = crawl succeeded; Dianhua 0 = ok, 2 = failed). */
  status: number;
  ok: boolean;
  /** The decoded body as received (a result push carries the data itself). */
  body: unknown;
}

/** A push body that cannot be read: the receiver answers 400 and records nothing. */
export class PushRejected extends Error {
  override readonly name = 'PushRejected';
}
