import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import { ERROR_CODES } from '../../flow';
import { EXTRA_KINDS } from '../../providers/data-model';
import type { CreateLinkTokenResponse } from '../link/schemas';
import { createLinkTokenRequestSchema } from '../link/schemas';
import { WEBHOOK_EVENT_TYPES } from '../store/types';
import { WEBHOOK_EVENT_SCHEMAS } from '../webhooks/events';
import { REPLAYS_PER_MINUTE } from '../webhooks/replay';
import { DEFAULT_TOLERANCE_SECONDS } from '../webhooks/signature';
import { LenderErrorResponseSchema } from './errors';
import { IdCardQuerySchema } from './id-cards';
import { createSchemaComponents } from './json-schema';
import type { JsonSchema } from './json-schema';
import { outagesPath } from './openapi-outages';
import { webhookDescription, webhookHeaders } from './openapi-text';
import { CreateUpdateLinkResponseSchema, createUpdateLinkRequestSchema } from './update-schemas';
import {
  ExtraFailedResponseSchema,
  ExtraPendingResponseSchema,
  PutWebhookRequestSchema,
  SessionDataResponseSchema,
  SessionEventsResponseSchema,
  SessionParamsSchema,
  SessionRawResponseSchema,
  SessionStatusResponseSchema,
  WebhookDeliveryListQuerySchema,
  WebhookDeliveryListResponseSchema,
  WebhookDeliverySchema,
  WebhookEndpointResponseSchema,
  WebhookEventParamsSchema,
  extraReadyResponseSchema,
} from './schemas';

export interface OpenApiOptions {
  /** Where lenders reach this server (PUBLIC_URL). */
  publicUrl: string;
  /** LINK_TOKEN_TTL_SECONDS: the maximum `expiresInSeconds`. */
  linkTtlSeconds: number;
}

const CreateLinkTokenResponseSchema = z
  .strictObject({
    linkToken: z.string().meta({ description: 'lt_…, single use: give it to the browser (embed.js linkToken)' }),
    sessionId: z.string().meta({ description: 'The id the session will have; use it with /api/v1/sessions' }),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'CreateLinkTokenResponse' }) satisfies z.ZodType<CreateLinkTokenResponse>;

// POST /api/link-tokens answers the widget API's error shape (it predates /api/v1).
const LinkTokenErrorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      retryable: z.boolean(),
      field: z.optional(z.string()),
      /** 429 rate_limited: the wait (also the Retry-After header) and its end. */
      retryAfterSeconds: z.optional(z.number().int().positive()),
      retryAt: z.optional(z.iso.datetime()),
    }),
  })
  .meta({ id: 'LinkTokenError' });

const EXTRA_TITLES = { report: 'call report', score: 'collection score', tags: 'number tags' } as const;

const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });

/** The OpenAPI 3.1 document of the lender API, generated from the schemas the routes validate with. */
export function buildOpenApiDocument(options: OpenApiOptions): Record<string, unknown> {
  const schemas = createSchemaComponents();
  const out = (schema: z.ZodType) => schemas.convert(schema, 'output');
  const error = out(LenderErrorResponseSchema);
  const fail = (description: string) => ({ description, ...json(error) });
  const security = [{ apiKey: [] }];
  const sessionParameter = {
    name: 'sessionId',
    in: 'path',
    required: true,
    description: 'The sessionId POST /api/link-tokens answered',
    schema: schemas.convert(SessionParamsSchema.shape.sessionId, 'input'),
  };
  const common = {
    400: fail('The session id is malformed'),
    401: fail('Missing or unknown API key'),
    404: fail('No session with this id was opened by your links'),
  };
  const idCardParameter = {
    name: 'idCard',
    in: 'query',
    required: false,
    description:
      "How ID-card numbers are answered: `masked` (first 4 and last 2 characters kept) or `full`. Default: your lender's setting; full numbers only for lenders the operator lists in LENDER_FULL_ID_CARDS (403 otherwise).",
    schema: schemas.convert(IdCardQuerySchema.shape.idCard, 'input'),
  };
  const sessionGet = (summary: string, ok: Record<string, unknown>, more: Record<string, unknown> = {}, idCards = false) => ({
    get: {
      summary,
      tags: ['sessions'],
      security,
      parameters: idCards ? [sessionParameter, idCardParameter] : [sessionParameter],
      responses: {
        200: ok,
        ...common,
        ...(idCards && { 403: fail('idCard=full asked by a lender without full ID-card numbers (forbidden)') }),
        ...more,
      },
    },
  });
  const dataRefusals = {
    404: fail('Unknown session, or one that will never have data (failed, link_expired, session_expired; not_available)'),
    409: fail('Not ready yet (not_ready): wait for the data_ready webhook'),
    410: fail('The data was deleted after the retention period (purged)'),
  };

  const paths: Record<string, unknown> = {
    '/api/link-tokens': {
      post: {
        summary: 'Create a single-use link token for one applicant',
        tags: ['links'],
        security,
        requestBody: {
          required: true,
          ...json(schemas.convert(createLinkTokenRequestSchema(options.linkTtlSeconds).meta({ id: 'CreateLinkTokenRequest' }), 'input')),
        },
        responses: {
          201: { description: 'Created', ...json(out(CreateLinkTokenResponseSchema)) },
          400: { description: 'The request names its first bad field', ...json(out(LinkTokenErrorSchema)) },
          401: { description: 'Missing or unknown API key', ...json(out(LinkTokenErrorSchema)) },
          429: {
            description:
              'rate_limited: this API key created too many link tokens this minute (LIMIT_LINK_TOKENS_PER_LENDER_PER_MIN); retry after Retry-After seconds',
            headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } },
            ...json(out(LinkTokenErrorSchema)),
          },
        },
      },
    },
    '/api/v1/sessions/{sessionId}': sessionGet('Where a session stands', {
      description: 'The status',
      ...json(out(SessionStatusResponseSchema)),
    }),
    '/api/v1/sessions/{sessionId}/data': sessionGet(
      'The collected data, normalized and vendor-neutral (report, collection score and number tags included once ready)',
      { description: 'The data', ...json(out(SessionDataResponseSchema)) },
      dataRefusals,
      true,
    ),
    '/api/v1/sessions/{sessionId}/raw': sessionGet(
      "The vendor's raw payloads (the only vendor-shaped answer)",
      { description: 'The raw payloads', ...json(out(SessionRawResponseSchema)) },
      dataRefusals,
      true,
    ),
    '/api/v1/sessions/{sessionId}/events': sessionGet('The webhook events of a session and their delivery', {
      description: 'Oldest first',
      ...json(out(SessionEventsResponseSchema)),
    }),
  };
  paths['/api/v1/sessions/{sessionId}/update-links'] = {
    post: {
      summary: 'Create an update link: the applicant of a completed session authorizes again (a monthly refresh)',
      description:
        "The number and vendor are the earlier session's and stay with us (the applicant sees the number masked and cannot change it); the applicant consents again (GET /api/v1/sessions/{id} shows the consent); the new session is collected afresh and its status and webhooks carry mode 'update' and previousSessionId. Call it when you want fresh data (e.g. monthly); it counts against the same per-minute limit as POST /api/link-tokens.",
      tags: ['links'],
      security,
      parameters: [{ ...sessionParameter, description: 'The completed (data_ready) session to refresh' }],
      requestBody: { required: true, ...json(schemas.convert(createUpdateLinkRequestSchema(options.linkTtlSeconds), 'input')) },
      responses: {
        201: { description: 'Created', ...json(out(CreateUpdateLinkResponseSchema)) },
        400: fail('The body names its first bad field (phone must not be sent; userId must be the earlier one)'),
        401: common[401],
        404: fail("No session with this id was opened by your links (unknown and other lenders' sessions alike)"),
        409: fail('not_completed: the session has no ready data (still collecting, failed, expired, or not started)'),
        410: fail('purged: the session was purged after the retention period; create a first link instead'),
        429: {
          description: 'rate_limited: too many links created this minute; retry after Retry-After seconds',
          headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } },
          ...json(error),
        },
      },
    },
  };
  for (const kind of EXTRA_KINDS) {
    paths[`/api/v1/sessions/{sessionId}/${kind}`] = sessionGet(
      `The ${EXTRA_TITLES[kind]}, vendor-neutral (also in /data once ready)`,
      {
        description: 'Ready, or failed for good',
        ...json({ oneOf: [out(extraReadyResponseSchema(kind)), out(ExtraFailedResponseSchema)] }),
      },
      {
        404: fail('Unknown session, one whose vendor delivers no such extra, or one without it (not_available)'),
        409: {
          description: 'Still pending (status pending), or the session is not ready (not_ready)',
          ...json({ oneOf: [out(ExtraPendingResponseSchema), error] }),
        },
        410: fail('Purged after the retention period'),
      },
      kind === 'report',
    );
  }
  paths['/api/v1/webhook'] = {
    get: {
      summary: 'Your webhook endpoint and signing secret',
      tags: ['webhooks'],
      security,
      responses: {
        200: { description: 'The endpoint', ...json(out(WebhookEndpointResponseSchema)) },
        401: common[401],
        404: fail('No endpoint is set'),
      },
    },
    put: {
      summary: 'Set your webhook endpoint (the signing secret is created on first use and kept unless rotateSecret)',
      tags: ['webhooks'],
      security,
      requestBody: { required: true, ...json(schemas.convert(PutWebhookRequestSchema, 'input')) },
      responses: {
        200: { description: 'The endpoint', ...json(out(WebhookEndpointResponseSchema)) },
        400: fail('The body names its first bad field'),
        401: common[401],
      },
    },
    delete: {
      summary: 'Remove your webhook endpoint (events wait and retry until one is set again)',
      tags: ['webhooks'],
      security,
      responses: { 204: { description: 'Removed' }, 401: common[401] },
    },
  };

  const queryParameter = (name: keyof typeof WebhookDeliveryListQuerySchema.shape, description: string) => ({
    name,
    in: 'query',
    required: false,
    description,
    schema: schemas.convert(WebhookDeliveryListQuerySchema.shape[name], 'input'),
  });
  paths['/api/v1/webhook-events'] = {
    get: {
      summary: 'The webhook events sent to you and how their delivery went, newest first',
      tags: ['webhooks'],
      security,
      parameters: [
        queryParameter('state', 'Only events in this delivery state'),
        queryParameter('sessionId', "Only one session's events"),
        queryParameter('cursor', 'nextCursor of the previous page'),
        queryParameter('limit', 'Events per page, 1 to 100 (default 50)'),
      ],
      responses: {
        200: { description: 'A page of events', ...json(out(WebhookDeliveryListResponseSchema)) },
        400: fail('A query parameter is malformed'),
        401: common[401],
      },
    },
  };
  paths['/api/v1/webhook-events/{eventId}/replay'] = {
    post: {
      summary: 'Send one webhook event again',
      description: [
        'Delivers the event again with the same id and body (your deduplication on the id still holds) and a fresh',
        'retry budget, due now, whatever its state: delivered, failing or given up. Use it after your receiver lost or',
        `mishandled an event. At most ${REPLAYS_PER_MINUTE} replays a minute.`,
      ].join(' '),
      tags: ['webhooks'],
      security,
      parameters: [
        {
          name: 'eventId',
          in: 'path',
          required: true,
          description: 'The event id (evt_…): the id field of the body, the Idempotency-Key header',
          schema: schemas.convert(WebhookEventParamsSchema.shape.eventId, 'input'),
        },
      ],
      responses: {
        202: { description: 'Queued: it goes out within a second', ...json(out(WebhookDeliverySchema)) },
        401: common[401],
        404: fail('No such event was sent to you, or no webhook endpoint is set (not_found)'),
        429: fail(`More than ${REPLAYS_PER_MINUTE} replays in a minute (rate_limited); see Retry-After`),
      },
    },
  };

  // The widget API's error shape (the outage list is a widget API route, as POST /api/link-tokens is).
  paths['/api/outages'] = outagesPath(schemas, out(LinkTokenErrorSchema));

  const webhooks = Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: `The ${type} event`,
          description: webhookDescription(DEFAULT_TOLERANCE_SECONDS),
          parameters: webhookHeaders(type),
          requestBody: { required: true, ...json(out(WEBHOOK_EVENT_SCHEMAS[type])) },
          responses: {
            '2XX': {
              description:
                'Received: any 2xx acknowledges; anything else (or no answer in 10 s) is retried with backoff for at least 72 hours',
            },
          },
        },
      },
    ]),
  );

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'CarrierLink lender API',
      version: '1',
      description:
        'Create link tokens, follow sessions, fetch the collected carrier data, receive signed webhooks, and read carrier outages.',
    },
    servers: [{ url: options.publicUrl }],
    tags: [{ name: 'links' }, { name: 'sessions' }, { name: 'webhooks' }, { name: 'status' }],
    paths,
    webhooks,
    components: {
      schemas: schemas.components,
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Your API key: Authorization: Bearer <key>' } },
    },
  };
}

/** GET /openapi.json, built on first request and then served from memory. */
export function registerOpenApi(app: FastifyInstance, options: OpenApiOptions): void {
  let body: string | undefined;
  app.get('/openapi.json', async (_request, reply) => {
    body ??= JSON.stringify(buildOpenApiDocument(options));
    return reply.type('application/json; charset=utf-8').send(body);
  });
}
