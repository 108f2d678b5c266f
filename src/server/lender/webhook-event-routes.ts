import type { FastifyInstance } from 'fastify';
import { decodeCursor, encodeCursor } from '../dashboard/cursor';
import type { Replay } from '../webhooks/replay';
import { toDeliverySummary } from '../webhooks/replay';
import { lenderFailures } from './errors';
import { parseOrRefuse } from './parse';
import { WebhookDeliveryListQuerySchema, WebhookEventParamsSchema } from './schemas';
import type { WebhookDeliveryListResponse } from './schemas';
import type { LenderRouteContext } from './session-routes';

const DEFAULT_LIMIT = 50;

/**
 * GET /api/v1/webhook-events (every event sent to the lender, newest first, by delivery state) and
 * POST /api/v1/webhook-events/{eventId}/replay (send one again: same id and body, a fresh retry
 * budget, due now).
 */
export function registerLenderWebhookEventRoutes(scope: FastifyInstance, context: LenderRouteContext & { replay: Replay }): void {
  scope.get('/webhook-events', async (request): Promise<WebhookDeliveryListResponse> => {
    const lenderId = context.lenderOf(request);
    const query = parseOrRefuse(WebhookDeliveryListQuerySchema, request.query);
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !cursor) throw lenderFailures.badRequest('cursor: not a cursor this API gave', 'cursor');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const events = await context.store.outbox.listByLender({
      lenderId,
      ...(query.state && { state: query.state }),
      ...(query.sessionId && { sessionId: query.sessionId }),
      ...(cursor && { after: { createdAt: cursor.createdAt, id: cursor.id } }),
      limit,
    });
    const last = events[events.length - 1];
    return {
      events: events.map(toDeliverySummary),
      nextCursor: events.length === limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  });

  scope.post('/webhook-events/:eventId/replay', async (request, reply) => {
    const lenderId = context.lenderOf(request);
    const { eventId } = parseOrRefuse(WebhookEventParamsSchema, request.params);
    const replayed = await context.replay(lenderId, eventId);
    request.log.info({ lenderId, event: replayed.id }, 'webhook event replayed');
    return reply.code(202).send(replayed);
  });
}
