import type { WebhookEndpoint } from '../store/types';
import { isPrivateHost } from '../webhooks/address-guard';
import { createSigningSecret } from '../webhooks/signature';
import { lenderFailures } from './errors';
import { parseOrRefuse } from './parse';
import { PutWebhookRequestSchema } from './schemas';
import type { WebhookEndpointResponse } from './schemas';
import type { LenderRouteContext } from './session-routes';
import type { FastifyInstance } from 'fastify';

const answer = (endpoint: WebhookEndpoint): WebhookEndpointResponse => ({
  url: endpoint.url,
  signingSecret: endpoint.secret,
  updatedAt: endpoint.updatedAt,
});

/** GET, PUT and DELETE /api/v1/webhook: each lender's one endpoint and its signing secret. */
export function registerLenderWebhookRoutes(
  scope: FastifyInstance,
  context: LenderRouteContext & { kick(): void; allowPrivateNetworks: boolean },
): void {
  const { store } = context;

  scope.get('/webhook', async (request) => {
    const endpoint = await store.webhooks.get(context.lenderOf(request));
    if (!endpoint) throw lenderFailures.noWebhook();
    return answer(endpoint);
  });

  scope.put('/webhook', async (request) => {
    const lenderId = context.lenderOf(request);
    const body = parseOrRefuse(PutWebhookRequestSchema, request.body);
    const existing = await store.webhooks.get(lenderId);
    // The secret survives a URL change, so a lender can move its receiver without re-keying.
    const rotated = !existing || body.rotateSecret === true;
    const url = new URL(body.url);
    // The delivery re-checks every resolved address; this only refuses the obvious early.
    if (!context.allowPrivateNetworks && isPrivateHost(url.hostname)) {
      throw lenderFailures.badRequest('url: must not name a loopback or private address', 'url');
    }
    const endpoint: WebhookEndpoint = {
      lenderId,
      url: url.href,
      secret: rotated ? createSigningSecret() : existing.secret,
      updatedAt: new Date(context.now()).toISOString(),
    };
    await store.webhooks.put(endpoint);
    // Only the host: a query string may carry the lender's own token.
    request.log.info({ lenderId, host: url.host, secretCreated: rotated }, 'webhook endpoint set');
    context.kick();
    return answer(endpoint);
  });

  scope.delete('/webhook', async (request, reply) => {
    const lenderId = context.lenderOf(request);
    await store.webhooks.delete(lenderId);
    request.log.info({ lenderId }, 'webhook endpoint removed');
    return reply.code(204).send();
  });
}
