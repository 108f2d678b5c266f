import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyring } from '../link/api-keys';
import { lenderFailures, setLenderErrorHandler } from './errors';
import { createIdCardPolicy } from './id-cards';
import { registerLenderSessionRoutes } from './session-routes';
import { registerUpdateLinkRoutes } from './update-link-routes';
import type { UpdateLinkDeps } from './update-link-routes';
import type { LenderStore } from './session-view';
import { registerLenderWebhookEventRoutes } from './webhook-event-routes';
import { registerLenderWebhookRoutes } from './webhook-routes';
import type { Replay } from '../webhooks/replay';
import { createReplay } from '../webhooks/replay';

export const LENDER_API_PREFIX = '/api/v1';

export interface LenderApiDeps {
  keyring: ApiKeyring;
  store: LenderStore;
  /** Woken after a webhook URL is set, so waiting events go out now. */
  dispatcher?: { kick(): void };
  now?: () => number;
  /** false: webhook URLs naming loopback or private addresses are refused (WEBHOOK_ALLOW_PRIVATE_NETWORKS). Default true. */
  allowPrivateNetworks?: boolean;
  /** Replays webhook events; by default one over `store` that kicks `dispatcher`. */
  replay?: Replay;
  /** Lenders that receive full ID-card numbers (LENDER_FULL_ID_CARDS); `*` for all. Default none: masked. */
  fullIdCardLenders?: readonly string[] | '*';
  /** Update links (POST /api/v1/sessions/{id}/update-links); the route exists only with them. */
  updateLinks?: UpdateLinkDeps;
}

/**
 * The lender data API under /api/v1, in its own encapsulated scope: English errors, and every
 * request (unknown paths included) authenticated before anything else is read.
 */
export function registerLenderApi(app: FastifyInstance, deps: LenderApiDeps): void {
  const now = deps.now ?? Date.now;
  app.register(
    async (scope) => {
      setLenderErrorHandler(scope);
      const lenders = new WeakMap<FastifyRequest, string>();
      scope.addHook('onRequest', async (request) => {
        const lender = deps.keyring.verify(request.headers.authorization);
        if (!lender) throw lenderFailures.unauthorized();
        lenders.set(request, lender.lenderId);
      });
      const lenderOf = (request: FastifyRequest): string => {
        const lenderId = lenders.get(request);
        if (lenderId === undefined) throw lenderFailures.unauthorized();
        return lenderId;
      };
      const context = {
        store: deps.store,
        now,
        lenderOf,
        kick: () => deps.dispatcher?.kick(),
        allowPrivateNetworks: deps.allowPrivateNetworks ?? true,
        idCards: createIdCardPolicy(deps.fullIdCardLenders),
      };
      registerLenderSessionRoutes(scope, context);
      if (deps.updateLinks) registerUpdateLinkRoutes(scope, context, deps.updateLinks);
      registerLenderWebhookRoutes(scope, context);
      const replay = deps.replay ?? createReplay({ store: deps.store, now, kick: context.kick });
      registerLenderWebhookEventRoutes(scope, { ...context, replay });
      scope.setNotFoundHandler(() => {
        throw lenderFailures.routeNotFound();
      });
    },
    { prefix: LENDER_API_PREFIX },
  );
}
