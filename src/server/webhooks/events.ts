import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { CRAWL_STAGES, EXTRA_KINDS } from '../../providers/data-model';
import { LINK_MODES } from '../../flow';
import { PROVIDER_NAMES, VENDOR_LIST } from '../../providers/registry';
import type { OutboxEventInput, WebhookEventType } from '../store/types';

// The bodies lenders receive on their webhook URL (POST, signed). /openapi.json documents them
// from these schemas, and createEvent checks every body against them before it is enqueued.

/** `evt_` + 24 base64url characters (18 random bytes). */
export const EVENT_ID_PATTERN = /^evt_[A-Za-z0-9_-]{24}$/;

/** The registered vendors that deliver a report, score or tags, for the schema's descriptions. */
const VENDORS_WITH_EXTRAS = VENDOR_LIST.filter((vendor) => vendor.extras.length > 0)
  .map((vendor) => vendor.name)
  .join(', ');

const ProviderSchema = z.enum(PROVIDER_NAMES).meta({ description: 'The carrier-data vendor that served the session' });
const ExtraStateSchema = z.enum(['ready', 'pending', 'failed']);

/** `authorized`: the applicant finished the widget; collection starts. */
export const AuthorizedEventDataSchema = z.strictObject({ provider: ProviderSchema });

/** `data_ready`: GET /api/v1/sessions/{sessionId}/data now answers. */
export const DataReadyEventDataSchema = z.strictObject({
  provider: ProviderSchema,
  counts: z.strictObject({
    calls: z.number().int().nonnegative(),
    sms: z.number().int().nonnegative(),
    bills: z.number().int().nonnegative(),
  }),
  /** The vendor's report, score and tags; always `{}` for a vendor that delivers none. */
  extras: z.partialRecord(z.enum(EXTRA_KINDS), ExtraStateSchema).meta({
    description: `Where each extra stands (a 'pending' one is fetched later; a report_ready event follows once none is pending). Only vendors that deliver extras fill it (${VENDORS_WITH_EXTRAS}); empty for the others.`,
  }),
});

/** `report_ready`: every vendor report of the session has settled (its report, score and tags). */
export const ReportReadyEventDataSchema = z.strictObject({
  provider: ProviderSchema,
  reports: z.partialRecord(z.enum(EXTRA_KINDS), z.enum(['ready', 'failed'])).meta({
    description:
      "Where each report came to: 'ready' (GET /api/v1/sessions/{sessionId}/data now carries it) or 'failed' (it will not come). Names are vendor-neutral: report (the vendor's analysis report), score (a risk score), tags (number tags).",
  }),
});

/** `failed`: collection failed for good; no data will come. */
export const FailedEventDataSchema = z.strictObject({
  provider: ProviderSchema,
  code: z.string().min(1),
  /** English. */
  message: z.string().min(1),
});

/** `crawl_progress`: informational; lenders may ignore it. */
export const CrawlProgressEventDataSchema = z.strictObject({
  provider: ProviderSchema,
  stage: z.enum(CRAWL_STAGES),
});

const envelope = {
  id: z
    .string()
    .regex(EVENT_ID_PATTERN)
    .meta({ description: 'Unique event id; also sent as the Idempotency-Key header. Deduplicate on it.' }),
  createdAt: z.iso.datetime().meta({ description: 'When the event happened (ISO 8601, UTC)' }),
  sessionId: z.string().min(1),
  lenderUserId: z.string().min(1).meta({ description: 'The userId you gave when creating the link token' }),
  mode: z.enum(LINK_MODES).meta({
    description: 'initial: a first authorization; update: a refresh opened with an update link (a fresh collection, not a copy)',
  }),
  previousSessionId: z
    .string()
    .min(1)
    .nullable()
    .meta({ description: 'Update mode: the completed session this one refreshes; null for a first authorization' }),
};

export const AuthorizedEventSchema = z
  .strictObject({ ...envelope, type: z.literal('authorized'), data: AuthorizedEventDataSchema })
  .meta({ id: 'AuthorizedEvent', description: 'The applicant authorized access; collection has started.' });
export const DataReadyEventSchema = z
  .strictObject({ ...envelope, type: z.literal('data_ready'), data: DataReadyEventDataSchema })
  .meta({ id: 'DataReadyEvent', description: 'The collected data is ready to fetch.' });
export const FailedEventSchema = z
  .strictObject({ ...envelope, type: z.literal('failed'), data: FailedEventDataSchema })
  .meta({ id: 'FailedEvent', description: 'Collection failed for good.' });
export const ReportReadyEventSchema = z
  .strictObject({ ...envelope, type: z.literal('report_ready'), data: ReportReadyEventDataSchema })
  .meta({
    id: 'ReportReadyEvent',
    description: "The vendor's reports (report, score, tags) arrived after data_ready; sent once per session.",
  });
export const CrawlProgressEventSchema = z
  .strictObject({ ...envelope, type: z.literal('crawl_progress'), data: CrawlProgressEventDataSchema })
  .meta({ id: 'CrawlProgressEvent', description: 'Informational: the vendor reached a crawl stage.' });

export const WebhookEventSchema = z.discriminatedUnion('type', [
  AuthorizedEventSchema,
  DataReadyEventSchema,
  FailedEventSchema,
  CrawlProgressEventSchema,
  ReportReadyEventSchema,
]);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

/** Each event type's body schema (the OpenAPI `webhooks` entries). */
export const WEBHOOK_EVENT_SCHEMAS = {
  authorized: AuthorizedEventSchema,
  data_ready: DataReadyEventSchema,
  failed: FailedEventSchema,
  crawl_progress: CrawlProgressEventSchema,
  report_ready: ReportReadyEventSchema,
} as const satisfies Record<WebhookEventType, z.ZodType>;

/** The `data` of each event type. */
export type WebhookEventData = { [T in WebhookEventType]: z.infer<(typeof WEBHOOK_EVENT_SCHEMAS)[T]>['data'] };

export interface CreateEventInput<T extends WebhookEventType> {
  type: T;
  lenderId: string;
  sessionId: string;
  lenderUserId: string;
  data: WebhookEventData[T];
  /** Epoch milliseconds. */
  now: number;
  /** Update mode: the session this one refreshes (absent or null: a first authorization). */
  previousSessionId?: string | null;
}

export function createEventId(): string {
  return `evt_${randomBytes(18).toString('base64url')}`;
}

/**
 * An outbox entry whose payload is the exact body the lender will receive. The body is checked
 * against its schema here, so a malformed event fails at its source rather than at the lender.
 */
export function createEvent<T extends WebhookEventType>(input: CreateEventInput<T>): OutboxEventInput;
/** Untyped data (a caller holding a union of types): checked only at run time, where a bad body throws. */
export function createEvent(input: Omit<CreateEventInput<WebhookEventType>, 'data'> & { data: Record<string, unknown> }): OutboxEventInput;
export function createEvent(input: Omit<CreateEventInput<WebhookEventType>, 'data'> & { data: unknown }): OutboxEventInput {
  const createdAt = new Date(input.now).toISOString();
  const body = {
    id: createEventId(),
    type: input.type,
    createdAt,
    sessionId: input.sessionId,
    lenderUserId: input.lenderUserId,
    mode: input.previousSessionId ? 'update' : 'initial',
    previousSessionId: input.previousSessionId ?? null,
    data: input.data,
  };
  const payload = WebhookEventSchema.parse(body);
  return { id: payload.id, lenderId: input.lenderId, type: input.type, sessionId: input.sessionId, payload, createdAt };
}
