import * as z from 'zod';
import { FIELD_KINDS, STEP_PURPOSES, SUBMIT_INTENTS } from '../../flow';
import { CRAWL_STAGES, CollectedDataSchema, EXTRA_KINDS, EXTRA_SCHEMAS } from '../../providers/data-model';
import type { ExtraKind } from '../../providers/data-model';
import { PROVIDER_NAMES } from '../../providers/types';
import { WEBHOOK_EVENT_TYPES } from '../store/types';
import { SessionUpdateFields } from './update-schemas';

// Requests and answers of the lender data API (/api/v1). The routes validate with them and
// /openapi.json is generated from them, so the document cannot drift from the code.

/** Session ids are randomId('ses', 9): `ses_` + 12 base64url characters. */
export const SESSION_ID_PATTERN = /^ses_[A-Za-z0-9_-]{12}$/;

export const SessionParamsSchema = z.strictObject({
  sessionId: z.string().regex(SESSION_ID_PATTERN, {
    error: 'must be a session id such as ses_AbCdEfGhIjKl (ses_ and 12 characters of A-Z, a-z, 0-9, _ and -)',
  }),
});

export const SESSION_STATUSES = [
  'link_created',
  'link_expired',
  'in_progress',
  'session_expired',
  'collecting',
  'data_ready',
  'failed',
  'purged',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

const Time = z.iso.datetime();
const ProviderSchema = z.enum(PROVIDER_NAMES);
const ExtraStateSchema = z.enum(['ready', 'pending', 'failed']);

/** Where the applicant is in the widget: shapes only, never a value they typed. */
export const StepSummarySchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('form'),
      purpose: z
        .enum(STEP_PURPOSES)
        .meta({ description: 'authorize, or recoverPassword while the applicant resets a forgotten service password' }),
      intent: z.enum(SUBMIT_INTENTS),
      fields: z.array(z.enum(FIELD_KINDS)).meta({ description: 'The kinds of the fields the applicant is asked for' }),
    }),
    z.strictObject({ kind: z.literal('authorized') }),
    z.strictObject({ kind: z.literal('failed') }),
  ])
  .meta({ id: 'StepSummary' });
export type StepSummary = z.infer<typeof StepSummarySchema>;

export const FailureSchema = z.strictObject({ code: z.string(), message: z.string() }).meta({ id: 'Failure' });
export const ExtrasStateSchema = z.partialRecord(z.enum(EXTRA_KINDS), ExtraStateSchema).meta({
  id: 'ExtrasState',
  description:
    'Where each extra (report, collection score, number tags) stands, for vendors that have them. Empty otherwise and before authorization.',
});

export const SessionStatusResponseSchema = z
  .strictObject({
    sessionId: z.string(),
    lenderUserId: z.string().nullable(),
    provider: ProviderSchema.nullable().meta({ description: 'null until the applicant starts' }),
    status: z.enum(SESSION_STATUSES),
    step: StepSummarySchema.nullable(),
    createdAt: Time.meta({ description: 'When the link was created (or the session started, when the link is no longer known)' }),
    authorizedAt: Time.nullable(),
    readyAt: Time.nullable(),
    failedAt: Time.nullable(),
    failure: FailureSchema.nullable(),
    stages: z.array(z.enum(CRAWL_STAGES)).meta({ description: 'Crawl stages the vendor reported (informational)' }),
    extras: ExtrasStateSchema,
    ...SessionUpdateFields,
  })
  .meta({ id: 'SessionStatus' });
export type SessionStatusResponse = z.infer<typeof SessionStatusResponseSchema>;

export const SessionDataResponseSchema = z
  .strictObject({ sessionId: z.string(), provider: ProviderSchema, collectedAt: Time, data: CollectedDataSchema })
  .meta({ id: 'SessionData' });
export type SessionDataResponse = z.infer<typeof SessionDataResponseSchema>;

export const SessionRawResponseSchema = z
  .strictObject({
    sessionId: z.string(),
    provider: ProviderSchema,
    raw: z.record(z.string(), z.unknown()).meta({
      description:
        "The vendor's payloads verbatim, by method or path (the data's and each ready extra's); ID-card numbers masked unless your lender receives them in full",
    }),
  })
  .meta({ id: 'SessionRaw' });
export type SessionRawResponse = z.infer<typeof SessionRawResponseSchema>;

const capitalized = (kind: ExtraKind) => `${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;

export const ExtraPendingResponseSchema = z
  .strictObject({ sessionId: z.string(), status: z.literal('pending') })
  .meta({ id: 'ExtraPending' });
export const ExtraFailedResponseSchema = z
  .strictObject({ sessionId: z.string(), status: z.literal('failed'), code: z.string(), message: z.string() })
  .meta({ id: 'ExtraFailed' });

/** 200 answer of GET /api/v1/sessions/{sessionId}/{kind} once the extra is in. */
export function extraReadyResponseSchema(kind: ExtraKind) {
  return z
    .strictObject({ sessionId: z.string(), status: z.literal('ready'), data: EXTRA_SCHEMAS[kind] })
    .meta({ id: `${capitalized(kind)}Ready` });
}

export const EventSummarySchema = z
  .strictObject({
    id: z.string(),
    type: z.enum(WEBHOOK_EVENT_TYPES),
    createdAt: Time,
    attempts: z.number().int().nonnegative(),
    nextAttemptAt: Time.nullable().meta({ description: 'null once delivered or given up' }),
    deliveredAt: Time.nullable(),
    deadAt: Time.nullable().meta({ description: 'Set when delivery was given up after the last attempt' }),
    lastError: z.string().nullable().meta({
      description:
        'Why the last attempt failed: the HTTP status your endpoint answered (http_500), unreachable (no answer: refused, reset, timed out, not resolvable or not a public address, all alike), or no_endpoint',
    }),
  })
  .meta({ id: 'EventSummary' });
export const SessionEventsResponseSchema = z
  .strictObject({ sessionId: z.string(), events: z.array(EventSummarySchema) })
  .meta({ id: 'SessionEvents' });
export type SessionEventsResponse = z.infer<typeof SessionEventsResponseSchema>;

export const WebhookEndpointResponseSchema = z
  .strictObject({
    url: z.string(),
    signingSecret: z.string().meta({ description: 'whsec_…: verify the CarrierLink-Signature header with it' }),
    updatedAt: Time,
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpointResponse = z.infer<typeof WebhookEndpointResponseSchema>;

export const WEBHOOK_URL_MAX_LENGTH = 2048;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why `value` cannot be a webhook URL, or undefined (the same http rule as allowedOrigins). */
export function webhookUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://lender.example/webhooks/carrierlink';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https URL';
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname))
    return 'must use https (http is allowed only for localhost, 127.0.0.1 and [::1])';
  if (url.username !== '' || url.password !== '') return 'must not contain credentials (user:password@): verify our signature instead';
  if (url.hash !== '') return 'must not contain a #fragment';
  return undefined;
}

export const PutWebhookRequestSchema = z
  .strictObject({
    url: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string holding an https URL') })
      .max(WEBHOOK_URL_MAX_LENGTH, { error: `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters` })
      .superRefine((value, context) => {
        const problem = webhookUrlProblem(value);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      })
      .meta({ description: 'https URL that receives the events (http only for localhost)' }),
    rotateSecret: z
      .optional(z.boolean({ error: 'must be true or false' }))
      .meta({ description: 'Replace the signing secret with a new one' }),
  })
  .meta({ id: 'PutWebhookRequest' });
export type PutWebhookRequest = z.infer<typeof PutWebhookRequestSchema>;

export const WEBHOOK_DELIVERY_STATES = ['pending', 'failing', 'delivered', 'dead'] as const;
export const WebhookEventParamsSchema = z.strictObject({
  eventId: z.string().regex(/^evt_[A-Za-z0-9_-]{24}$/, { error: 'must be an event id such as evt_… (evt_ and 24 characters)' }),
});

export const WebhookDeliverySchema = z
  .strictObject({
    id: z.string().meta({ description: 'The event id (evt_…), also the Idempotency-Key of every delivery' }),
    type: z.enum(WEBHOOK_EVENT_TYPES),
    sessionId: z.string(),
    state: z.enum(WEBHOOK_DELIVERY_STATES).meta({
      description: 'pending: not tried yet; failing: retried after a failed attempt; delivered: acknowledged (2xx); dead: given up',
    }),
    createdAt: Time,
    attempts: z.number().int().nonnegative().meta({ description: 'Attempts since the event was created or last replayed' }),
    nextAttemptAt: Time.nullable().meta({ description: 'When the next attempt is due; null once delivered or given up' }),
    deliveredAt: Time.nullable(),
    deadAt: Time.nullable(),
    lastError: z
      .string()
      .nullable()
      .meta({ description: 'HTTP status (http_500) or error name (timeout, no_endpoint) of the last failed attempt' }),
    replays: z.number().int().nonnegative().meta({ description: 'Times you asked for it again' }),
    replayedAt: Time.nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

export const WebhookDeliveryListQuerySchema = z.strictObject({
  state: z.optional(z.enum(WEBHOOK_DELIVERY_STATES, { error: `must be one of: ${WEBHOOK_DELIVERY_STATES.join(', ')}` })),
  sessionId: z.optional(SessionParamsSchema.shape.sessionId),
  cursor: z.optional(z.string().max(200)).meta({ description: 'nextCursor of the previous page' }),
  limit: z.optional(
    z
      .string()
      .regex(/^\d{1,3}$/, { error: 'must be a whole number from 1 to 100' })
      .transform(Number)
      .pipe(z.number().int().min(1, { error: 'must be at least 1' }).max(100, { error: 'must be at most 100' })),
  ),
});

export const WebhookDeliveryListResponseSchema = z
  .strictObject({
    events: z.array(WebhookDeliverySchema).meta({ description: 'Newest first' }),
    nextCursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page; null on the last page' }),
  })
  .meta({ id: 'WebhookDeliveryList' });
export type WebhookDeliveryListResponse = z.infer<typeof WebhookDeliveryListResponseSchema>;
