import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type * as zm from 'zod/mini';
import { LoginRequestSchema, ScopeQuerySchema, SessionListQuerySchema, WebhookEventListQuerySchema } from '../../flow/dashboard-api';
import type {
  DashboardMe,
  FunnelResponse,
  MeResponse,
  SessionDetailResponse,
  SessionListResponse,
  SessionReportResponse,
  WebhookEventListResponse,
  WebhookEventSummary,
} from '../../flow/dashboard-api';
import type { AnalyticsRecorder } from '../analytics/recorder';
import { LenderApiError, lenderFailures, setLenderErrorHandler } from '../lender/errors';
import { parseOrRefuse } from '../lender/parse';
import { SessionParamsSchema } from '../lender/schemas';
import { describeSession, findOwnedSession } from '../lender/session-view';
import type { ApiKeyring } from '../link/api-keys';
import type { DurableStore } from '../store/types';
import type { Replay } from '../webhooks/replay';
import { toDeliverySummary } from '../webhooks/replay';
import { createDashboardAuth } from './auth';
import type { DashboardAuth } from './auth';
import { decodeCursor, encodeCursor } from './cursor';
import { buildReport } from './report';
import { analyticsScope } from './scope';

export const DASHBOARD_API_PREFIX = '/api/dashboard';
/** Rows per page of the session and delivery lists. */
export const PAGE_SIZE = 50;

export interface DashboardApiDeps {
  store: Pick<DurableStore, 'analytics' | 'outbox' | 'webhooks' | 'collections' | 'sessions' | 'links' | 'dashboardSessions' | 'consents'> &
    Partial<Pick<DurableStore, 'rateLimiter'>>;
  keyring: ApiKeyring;
  publicUrl: string;
  /** DASHBOARD_SESSION_HOURS. */
  sessionHours: number;
  /** Read-your-writes: this instance's queued analytics are written before a view is computed. */
  recorder: Pick<AnalyticsRecorder, 'flush'>;
  replay: Replay;
  now: () => number;
}

/** A zod/mini schema's parse, or a 400 naming the first bad query parameter. */
function parseQuery<S extends zm.ZodMiniType>(schema: S, value: unknown): zm.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as zm.infer<S>;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  throw lenderFailures.badRequest(`${field ?? 'query'}: ${issue?.message ?? 'invalid'}`, field);
}

/**
 * The lender dashboard's API (/api/dashboard/*): signed in with the API key (a session cookie) or a
 * bearer key, every view limited to the lender's own sessions and events. English error bodies like
 * the lender API; the page words them by code.
 */
export function registerDashboardApi(app: FastifyInstance, deps: DashboardApiDeps): DashboardAuth {
  const { store, now } = deps;
  const auth = createDashboardAuth({
    keyring: deps.keyring,
    store: store.dashboardSessions,
    publicUrl: deps.publicUrl,
    sessionHours: deps.sessionHours,
    now,
    ...(store.rateLimiter && { rateLimiter: store.rateLimiter }),
  });

  app.register(
    async (scope) => {
      await scope.register(fastifyCookie);
      setLenderErrorHandler(scope);
      const lender = async (request: FastifyRequest, mutating = false) => (await auth.authenticate(request, mutating)).lenderId;

      const scopeOf = (lenderId: string, query: zm.infer<typeof ScopeQuerySchema>) => analyticsScope(lenderId, query, now());

      const cursorOf = (text: string | undefined) => {
        if (text === undefined) return undefined;
        const cursor = decodeCursor(text);
        if (!cursor) throw lenderFailures.badRequest('cursor: not a cursor this API gave', 'cursor');
        return cursor;
      };

      scope.post('/login', async (request, reply): Promise<DashboardMe> => {
        const body = parseQuery(LoginRequestSchema, request.body);
        return auth.login(request, reply, body.apiKey);
      });

      scope.post('/logout', async (request, reply) => {
        await auth.logout(request, reply);
        return reply.code(204).send();
      });

      scope.get('/me', async (request): Promise<MeResponse> => {
        let principal;
        try {
          principal = await auth.authenticate(request, false);
        } catch (error) {
          // Not signed in is an answer here, not a failure: the page shows the sign-in form.
          if (error instanceof LenderApiError && error.status === 401) return { signedIn: false };
          throw error;
        }
        return { signedIn: true, lenderId: principal.lenderId, csrfToken: principal.csrfToken, expiresAt: principal.expiresAt };
      });

      scope.get('/funnel', async (request): Promise<FunnelResponse> => {
        const viewScope = scopeOf(await lender(request), parseQuery(ScopeQuerySchema, request.query));
        await deps.recorder.flush();
        const funnel = await store.analytics.funnel(viewScope);
        return { range: { from: viewScope.from, to: viewScope.to }, ...funnel };
      });

      scope.get('/sessions', async (request): Promise<SessionListResponse> => {
        const lenderId = await lender(request);
        const query = parseQuery(SessionListQuerySchema, request.query);
        const cursor = cursorOf(query.cursor);
        await deps.recorder.flush();
        const sessions = await store.analytics.sessions({
          ...scopeOf(lenderId, query),
          ...(query.outcome && { outcome: query.outcome }),
          ...(cursor && { after: { createdAt: cursor.createdAt, sessionId: cursor.id } }),
          limit: PAGE_SIZE,
        });
        const last = sessions[sessions.length - 1];
        return {
          sessions,
          nextCursor: sessions.length === PAGE_SIZE && last ? encodeCursor({ createdAt: last.createdAt, id: last.sessionId }) : null,
        };
      });

      scope.get('/sessions/:sessionId', async (request): Promise<SessionDetailResponse> => {
        const lenderId = await lender(request);
        const { sessionId } = parseOrRefuse(SessionParamsSchema, request.params);
        await deps.recorder.flush();
        const detail = await store.analytics.session(lenderId, sessionId);
        if (!detail) throw lenderFailures.sessionNotFound();
        const [events, collection] = await Promise.all([store.outbox.listBySession(sessionId), store.collections.get(sessionId)]);
        return {
          ...detail,
          webhooks: events.filter((event) => event.lenderId === lenderId).map(toDeliverySummary),
          reportAvailable: collection?.status === 'data_ready' && collection.lenderId === lenderId,
        };
      });

      scope.get('/sessions/:sessionId/report', async (request): Promise<SessionReportResponse> => {
        const lenderId = await lender(request);
        const { sessionId } = parseOrRefuse(SessionParamsSchema, request.params);
        const view = await findOwnedSession(store, lenderId, sessionId);
        const status = describeSession(view, now()).status;
        if (status === 'purged') throw lenderFailures.purged();
        if (status !== 'data_ready' || !view.collection) {
          throw lenderFailures.notReady(`The session is ${status}: its report is drawn once the data is ready`);
        }
        const stored = await store.collections.data(sessionId);
        if (!stored) throw lenderFailures.purged();
        const collection = view.collection;
        return buildReport(sessionId, collection.provider, collection.readyAt ?? collection.updatedAt, stored.data);
      });

      scope.get('/webhook-events', async (request): Promise<WebhookEventListResponse> => {
        const lenderId = await lender(request);
        const query = parseQuery(WebhookEventListQuerySchema, request.query);
        const cursor = cursorOf(query.cursor);
        const [events, endpoint] = await Promise.all([
          store.outbox.listByLender({
            lenderId,
            ...(query.state && { state: query.state }),
            ...(query.sessionId && { sessionId: query.sessionId }),
            ...(cursor && { after: { createdAt: cursor.createdAt, id: cursor.id } }),
            limit: PAGE_SIZE,
          }),
          store.webhooks.get(lenderId),
        ]);
        const last = events[events.length - 1];
        return {
          endpointHost: endpoint ? new URL(endpoint.url).host : null,
          events: events.map(toDeliverySummary),
          nextCursor: events.length === PAGE_SIZE && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
        };
      });

      scope.post('/webhook-events/:eventId/replay', async (request): Promise<WebhookEventSummary> => {
        const lenderId = await lender(request, true);
        const { eventId } = request.params as { eventId: string };
        const replayed = await deps.replay(lenderId, eventId);
        request.log.info({ lenderId, event: replayed.id }, 'webhook event replayed from the dashboard');
        return replayed;
      });

      scope.setNotFoundHandler(() => {
        throw lenderFailures.routeNotFound();
      });
    },
    { prefix: DASHBOARD_API_PREFIX },
  );
  return auth;
}
