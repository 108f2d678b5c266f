import { vendorOf } from '../../providers/registry';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EXTRA_KINDS } from '../../providers/data-model';
import type { ExtraKind } from '../../providers/data-model';
import type { CollectionRecord } from '../store/types';
import { lenderFailures } from './errors';
import { extraData, rawWithExtras, withExtras } from './extras';
import { IdCardQuerySchema, collectedDataFor, idCardView, rawFor } from './id-cards';
import type { IdCardPolicy } from './id-cards';
import { parseOrRefuse } from './parse';
import { SessionParamsSchema } from './schemas';
import type { SessionDataResponse, SessionEventsResponse, SessionRawResponse, SessionStatus } from './schemas';
import { describeSession, findOwnedSession } from './session-view';
import type { LenderStore, SessionView } from './session-view';

export interface LenderRouteContext {
  store: LenderStore;
  now: () => number;
  /** The authenticated lender of a request (set by the scope's onRequest hook). */
  lenderOf(request: FastifyRequest): string;
  /** Which lenders receive full ID-card numbers. */
  idCards: IdCardPolicy;
}

/** Why there is no data (yet) for a session in `status`: wait (409), gone (410) or never (404). */
function refusal(status: SessionStatus, what: string) {
  switch (status) {
    case 'purged':
      return lenderFailures.purged();
    case 'failed':
    case 'link_expired':
    case 'session_expired':
      return lenderFailures.notAvailable(`The session is ${status}: it has no ${what}`);
    default:
      return lenderFailures.notReady(`The session is ${status}: ${what} will be available after the data_ready webhook`);
  }
}

/** The ready collection of an owned session, or the refusal that fits its status. */
function readyCollection(view: SessionView, now: number, what: string): CollectionRecord {
  const status = describeSession(view, now).status;
  if (status !== 'data_ready' || !view.collection) throw refusal(status, what);
  return view.collection;
}

/** GET /api/v1/sessions/{sessionId} and its data, raw payloads, extras (report, score, tags) and webhook events. */
export function registerLenderSessionRoutes(scope: FastifyInstance, context: LenderRouteContext): void {
  const { store, now } = context;

  const owned = (request: FastifyRequest): Promise<SessionView> => {
    const { sessionId } = parseOrRefuse(SessionParamsSchema, request.params);
    return findOwnedSession(store, context.lenderOf(request), sessionId);
  };
  /** A ready collection's stored data; a purge between the two reads answers as purged. */
  const storedData = async (sessionId: string) => {
    const stored = await store.collections.data(sessionId);
    if (!stored) throw lenderFailures.purged();
    return stored;
  };

  scope.get('/sessions/:sessionId', async (request) => {
    const view = await owned(request);
    const ready = view.collection?.status === 'data_ready';
    const provider = view.collection?.provider;
    const extras =
      ready && provider && vendorOf(provider).extras.length > 0 ? (await store.collections.data(view.sessionId))?.extras : undefined;
    return describeSession(view, now(), extras);
  });

  /** How this request sees ID-card numbers (`?idCard=`, within the lender's setting). */
  const view = (request: FastifyRequest) =>
    idCardView(context.idCards, context.lenderOf(request), parseOrRefuse(IdCardQuerySchema, request.query ?? {}).idCard);

  scope.get('/sessions/:sessionId/data', async (request): Promise<SessionDataResponse> => {
    const idCard = view(request);
    const session = await owned(request);
    const collection = readyCollection(session, now(), 'data');
    const stored = await storedData(session.sessionId);
    return {
      sessionId: session.sessionId,
      provider: collection.provider,
      collectedAt: collection.readyAt ?? collection.updatedAt,
      data: collectedDataFor(withExtras(collection.provider, stored.data, stored.extras), idCard),
    };
  });

  scope.get('/sessions/:sessionId/raw', async (request): Promise<SessionRawResponse> => {
    const idCard = view(request);
    const session = await owned(request);
    const collection = readyCollection(session, now(), 'raw payloads');
    const stored = await storedData(session.sessionId);
    return {
      sessionId: session.sessionId,
      provider: collection.provider,
      raw: rawFor(collection.provider, rawWithExtras(stored.raw, stored.extras), idCard),
    };
  });

  for (const kind of EXTRA_KINDS) {
    scope.get(`/sessions/:sessionId/${kind}`, async (request, reply) => {
      const idCard = view(request);
      const session = await owned(request);
      const provider = session.collection?.provider ?? session.session?.provider;
      if (provider && !vendorOf(provider).extras.includes(kind))
        throw lenderFailures.notAvailable(`The session's vendor delivers no ${kind}`);
      const pending = { sessionId: session.sessionId, status: 'pending' as const };
      if (session.collection?.status === 'collecting') return reply.code(409).send(pending);
      const collection = readyCollection(session, now(), kind);
      const stored = await storedData(session.sessionId);
      const extra = stored.extras[kind];
      if (extra?.status === 'ready') {
        // The report carries ID cards: shown as the lender's setting says, like /data.
        const data =
          kind === 'report'
            ? collectedDataFor(withExtras(collection.provider, stored.data, { report: extra }), idCard).report
            : extraData(collection.provider, kind, extra);
        return { sessionId: session.sessionId, status: 'ready', data };
      }
      if (extra?.status === 'failed') return { sessionId: session.sessionId, status: 'failed', code: extra.code, message: extra.message };
      if (extra?.status === 'pending' || isPending(collection, kind)) return reply.code(409).send(pending);
      throw lenderFailures.notAvailable(`The ${kind} was not requested for this session`);
    });
  }

  scope.get('/sessions/:sessionId/events', async (request): Promise<SessionEventsResponse> => {
    const view = await owned(request);
    const lenderId = context.lenderOf(request);
    const events = (await store.outbox.listBySession(view.sessionId)).filter((event) => event.lenderId === lenderId);
    return {
      sessionId: view.sessionId,
      events: events.map((event) => ({
        id: event.id,
        type: event.type,
        createdAt: event.createdAt,
        attempts: event.attempts,
        nextAttemptAt: event.deliveredAt === null && event.deadAt === null ? event.nextAttemptAt : null,
        deliveredAt: event.deliveredAt,
        deadAt: event.deadAt,
        lastError: event.lastError,
      })),
    };
  });
}

const isPending = (collection: CollectionRecord, kind: ExtraKind): boolean => collection.extrasPending.includes(kind);
