import * as z from 'zod';
import { PROVIDER_NAMES } from './types';
import { BillBreakdownSchema, DateSchema, FenSchema, MonthSchema, TimeSchema, UnreadableSchema } from './model-base';
import { CallReportSchema } from './report-model';
import { CollectionScoreSchema, NumberTagsSchema } from './extras-model';

// The provider-neutral model of what a carrier crawl collected. Adapters map vendor
// payloads into it; the lender API answers it and /openapi.json documents it from these schemas.
// Money is in fen (integer cents of CNY) so no float ever rounds a bill.

export { BillBreakdownSchema, MonthSchema, TimeSchema, UnreadableSchema } from './model-base';
export type { BillBreakdown } from './model-base';

export const CARRIERS = ['china_mobile', 'china_unicom', 'china_telecom'] as const;
export type Carrier = (typeof CARRIERS)[number];

export const CALL_DIRECTIONS = ['outgoing', 'incoming', 'unknown'] as const;
export const SMS_DIRECTIONS = ['sent', 'received', 'unknown'] as const;
/** Where the subscriber was: in their home area, roaming in mainland China, or anything else. */
export const ROAMING_KINDS = ['local', 'domestic_roaming', 'other'] as const;

const Fen = FenSchema;

/** Who masked a subscriber's ID-card number in an answer. */
export const ID_CARD_MASKINGS = ['none', 'carrier', 'carrierlink'] as const;
export type IdCardMasking = (typeof ID_CARD_MASKINGS)[number];

export const SubscriberSchema = z
  .object({
    /** The subscriber's number as the vendor reports it (null when not reported; the session's number is the one authorized). */
    phone: z.string().nullable(),
    /** Registered name as the carrier has it (may be partly masked by the carrier). */
    name: z.string().nullable(),
    /**
     * Registered ID-card number: in full as the carrier reveals it, unless the carrier masked it
     * itself (`1407****003X`) or the lender's ID-card setting asks CarrierLink to (first 4 and
     * last 2 characters kept). `idCardMasking` says which.
     */
    idCard: z.string().nullable(),
    /** `none`: the full number; `carrier`: masked by the carrier; `carrierlink`: masked for this lender. Null without a number. */
    idCardMasking: z.enum(ID_CARD_MASKINGS).nullable(),
    address: z.string().nullable(),
    /** `YYYY-MM-DD`, Beijing date. */
    openDate: DateSchema.nullable(),
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
    /** The carrier's own word for the direction (e.g. 主叫, 被叫), verbatim; `direction` is its reading. */
    directionText: z.string().nullable(),
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
    breakdown: BillBreakdownSchema,
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

export const DATA_LISTS = ['calls', 'sms', 'bills'] as const;
export type DataList = (typeof DATA_LISTS)[number];

export const CollectedDataSchema = z
  .object({
    provider: z.enum(PROVIDER_NAMES),
    /** The ids the vendor knows this crawl by (support, reconciliation with the vendor). */
    upstream: z
      .object({
        /** The vendor's id of the crawl (Rong360 status_id, Dianhua sid); null when the vendor named none. */
        taskId: z.string().nullable(),
        /** The applicant id CarrierLink sent the vendor (Rong360 user_id, Dianhua uid), as the vendor echoes it. */
        userId: z.string().nullable(),
      })
      .default({ taskId: null, userId: null }),
    subscriber: SubscriberSchema,
    /** Newest first. */
    calls: z.array(CallSchema),
    /** Newest first; Dianhua's record has no SMS, so empty there (and `sms` is in absentLists). */
    sms: z.array(SmsSchema),
    /** Newest month first. */
    bills: z.array(BillSchema),
    missingMonths: MissingMonthsSchema,
    /**
     * Lists the vendor's answer did not contain at all, as opposed to empty ones: their missing
     * months say nothing about the account. E.g. `sms` for Dianhua, whose record has none.
     */
    absentLists: z.array(z.enum(DATA_LISTS)).default([]),
    /** Records the vendor sent that could not be read (kept in the raw payload), by list. */
    skipped: z.object({
      calls: z.number().int().nonnegative(),
      sms: z.number().int().nonnegative(),
      bills: z.number().int().nonnegative(),
    }),
    unreadable: UnreadableSchema.default({}),
    /** The vendor's analysis report of the call records (Dianhua calls/report); null until ready, or for vendors without one. */
    report: CallReportSchema.nullable().default(null),
    /** Calls with debt collectors, by period (Dianhua cuishou); null until ready, or for vendors without it. */
    collectionScore: CollectionScoreSchema.nullable().default(null),
    /** Tags of the numbers in the call records (Dianhua itag); null until ready, or for vendors without them. */
    numberTags: NumberTagsSchema.nullable().default(null),
  })
  .meta({ id: 'CollectedData' });
export type CollectedData = z.infer<typeof CollectedDataSchema>;
export type Subscriber = z.infer<typeof SubscriberSchema>;
export type Call = z.infer<typeof CallSchema>;
export type Sms = z.infer<typeof SmsSchema>;
export type Bill = z.infer<typeof BillSchema>;

/**
 * Reads collected data stored before the model kept full ID cards (`idCardMasked`) and the other
 * fields added since: what is missing defaults, the masked number stays masked.
 */
export const StoredCollectedDataSchema = z.preprocess((value) => {
  if (typeof value !== 'object' || value === null) return value;
  const data = value as Record<string, unknown>;
  const subscriber = data['subscriber'];
  if (typeof subscriber !== 'object' || subscriber === null || 'idCard' in subscriber) return value;
  const { idCardMasked, ...rest } = subscriber as Record<string, unknown>;
  const idCard = typeof idCardMasked === 'string' ? idCardMasked : null;
  const calls = Array.isArray(data['calls'])
    ? data['calls'].map((call: unknown) =>
        typeof call === 'object' && call !== null && !('directionText' in call) ? { ...call, directionText: null } : call,
      )
    : data['calls'];
  return {
    ...data,
    calls,
    subscriber: { phone: null, ...rest, idCard, idCardMasking: idCard === null ? null : 'carrierlink' },
  };
}, CollectedDataSchema);
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

/** What a vendor may deliver after the data, each in its neutral shape (Dianhua has all three, Rong360 none). */
export const EXTRA_KINDS = ['report', 'score', 'tags'] as const;
export type ExtraKind = (typeof EXTRA_KINDS)[number];

/** The neutral schema of each extra, and where CollectedData holds it. */
export const EXTRA_SCHEMAS = { report: CallReportSchema, score: CollectionScoreSchema, tags: NumberTagsSchema } as const satisfies Record<
  ExtraKind,
  z.ZodType
>;
export const EXTRA_FIELDS = { report: 'report', score: 'collectionScore', tags: 'numberTags' } as const satisfies Record<
  ExtraKind,
  keyof CollectedData
>;

export type ExtraResult =
  /** `data` in the neutral shape of EXTRA_SCHEMAS; `raw` the vendor payload by path (what /raw answers). */
  | { status: 'ready'; data: unknown; raw?: Record<string, unknown> }
  | { status: 'pending' }
  | { status: 'failed'; code: string; message: string };

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
  /** The report, collection score and number tags (neutral shapes); absent for providers without them. */
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
