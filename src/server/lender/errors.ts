import * as z from 'zod';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiFailure } from '../errors';

// The lender data API answers in English (lender engineers read it) with its own small code set,
// apart from the widget's ErrorCode catalogue.

export const LENDER_ERROR_CODES = [
  'unauthorized',
  'forbidden',
  'not_found',
  'not_ready',
  /** An update link asked for a session that did not complete (no data_ready). */
  'not_completed',
  'purged',
  'not_available',
  'bad_request',
  /** A dashboard request from another origin or without its CSRF token. */
  'forbidden',
  'rate_limited',
  'internal_error',
] as const;
export type LenderErrorCode = (typeof LENDER_ERROR_CODES)[number];

export const LenderErrorResponseSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(LENDER_ERROR_CODES),
      message: z.string(),
      /** The request path a 400 concerns (e.g. `url`). */
      field: z.optional(z.string()),
    }),
  })
  .meta({ id: 'Error', description: 'Every refused or failed request of the lender API' });
export type LenderErrorResponse = z.infer<typeof LenderErrorResponseSchema>;

export class LenderApiError extends Error {
  override readonly name = 'LenderApiError';
  constructor(
    readonly status: number,
    readonly code: LenderErrorCode,
    message: string,
    readonly field?: string,
    /** Sent as Retry-After (429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  toResponse(): LenderErrorResponse {
    return { error: { code: this.code, message: this.message, ...(this.field === undefined ? {} : { field: this.field }) } };
  }
}

export const lenderFailures = {
  unauthorized: () => new LenderApiError(401, 'unauthorized', 'Missing or unknown API key: send Authorization: Bearer <your API key>'),
  idCardsForbidden: (lenderId: string) =>
    new LenderApiError(
      403,
      'forbidden',
      `Full ID-card numbers are not enabled for lender ${lenderId}: the operator lists lenders allowed them in LENDER_FULL_ID_CARDS`,
      'idCard',
    ),
  /** The same answer for an unknown session and another lender's: ids are not probed. */
  sessionNotFound: () => new LenderApiError(404, 'not_found', 'No session with this id was opened by your links'),
  notReady: (why: string) => new LenderApiError(409, 'not_ready', why),
  purged: () => new LenderApiError(410, 'purged', 'The collected data of this session was deleted after the retention period'),
  notAvailable: (why: string) => new LenderApiError(404, 'not_available', why),
  badRequest: (message: string, field?: string) => new LenderApiError(400, 'bad_request', message, field),
  noWebhook: () => new LenderApiError(404, 'not_found', 'No webhook endpoint is set: PUT /api/v1/webhook to set one'),
  routeNotFound: () => new LenderApiError(404, 'not_found', 'No such endpoint: see /openapi.json'),
  eventNotFound: () => new LenderApiError(404, 'not_found', 'No webhook event with this id was sent to your endpoint'),
  rateLimited: (retryAfterSeconds: number) =>
    new LenderApiError(429, 'rate_limited', `Too many requests: retry in ${retryAfterSeconds} seconds`, undefined, retryAfterSeconds),
  forbidden: (why: string) => new LenderApiError(403, 'forbidden', why),
  notCompleted: (why: string) => new LenderApiError(409, 'not_completed', why),
  purgedWith: (why: string) => new LenderApiError(410, 'purged', why),
};

/** English JSON errors for the lender API scope; Fastify's own messages may quote the body, so they are not echoed. */
export function setLenderErrorHandler(scope: FastifyInstance): void {
  scope.setErrorHandler((error: FastifyError | LenderApiError | ApiFailure, request, reply) => {
    if (error instanceof LenderApiError) {
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(error.status).send(error.toResponse());
    }
    if (error instanceof ApiFailure && error.code === 'unauthorized')
      return reply.code(401).send(lenderFailures.unauthorized().toResponse());
    const status = error instanceof ApiFailure ? error.status : (error.statusCode ?? 500);
    if (status === 413 || (error instanceof Error && 'code' in error && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')) {
      return reply.code(400).send(lenderFailures.badRequest('The request body is too large').toResponse());
    }
    if (status === 415)
      return reply.code(400).send(lenderFailures.badRequest('The request body must be JSON (content-type: application/json)').toResponse());
    if (status >= 400 && status < 500)
      return reply
        .code(400)
        .send(
          lenderFailures.badRequest('The request could not be read: send a JSON body with content-type: application/json').toResponse(),
        );
    request.log.error({ err: error }, 'lender API request failed');
    const body: LenderErrorResponse = { error: { code: 'internal_error', message: 'Internal error; please retry later' } };
    return reply.code(500).send(body);
  });
}
