import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { LINK_TOKEN_PATTERN, SESSION_HEADER } from '../../flow';
import { BROWSER_EVENTS_BODY_LIMIT, BROWSER_EVENTS_PATH, MAX_BROWSER_EVENTS_PER_SESSION } from '../../flow/analytics';
import { BrowserEventsRequestSchema } from '../../flow/browser-events';
import { ApiFailure, failures } from '../errors';
import type { LinkStore } from '../link/store';
import type { SessionStore } from '../session/store';
import { bearerToken, isWellFormedToken, tokenKey } from '../session/token';
import type { AnalyticsStore } from '../store/types';
import type { LenderAnalytics } from './session-events';

export interface BrowserEventRouteDeps {
  sessions: Pick<SessionStore, 'get'>;
  links: Pick<LinkStore, 'get'>;
  store: Pick<AnalyticsStore, 'admitBrowserEvents'>;
  analytics: Pick<LenderAnalytics, 'browser'>;
}

/** Requests per token per minute: a widget sends one per screen, so this is far above any honest page. */
export const BROWSER_EVENT_REQUESTS_PER_MINUTE = 30;

const tooMany = () => new ApiFailure(429, 'rate_limited', '操作过于频繁，请稍后再试', true);

/**
 * POST /api/session/events: what only the browser knows (the screen it shows, the page left), for a
 * session named by its token, or by its link token before the session has started. Known kinds only,
 * strictly shaped, at most 4 KB, 30 requests a minute per token and MAX_BROWSER_EVENTS_PER_SESSION
 * events per session in all (the count lives in the store, so every instance shares it).
 */
export function registerBrowserEventRoutes(app: FastifyInstance, deps: BrowserEventRouteDeps): void {
  // Per instance; the per-session cap in the store is the limit that holds across instances.
  const limiter = new RateLimiterMemory({ points: BROWSER_EVENT_REQUESTS_PER_MINUTE, duration: 60 });

  async function target(request: FastifyRequest) {
    const header = request.headers[SESSION_HEADER];
    const token = bearerToken(typeof header === 'string' ? header : undefined);
    if (token === undefined) throw failures.noSession();
    if (LINK_TOKEN_PATTERN.test(token)) {
      const link = await deps.links.get(tokenKey(token));
      if (!link) throw failures.linkNotFound();
      return { key: tokenKey(token), sessionId: link.sessionId, lenderId: link.lenderId, provider: null, phone: link.phone, demo: false };
    }
    if (!isWellFormedToken(token)) throw failures.noSession();
    const key = tokenKey(token);
    const record = await deps.sessions.get(key);
    if (!record) throw failures.expired();
    return {
      key,
      sessionId: record.id,
      lenderId: record.link?.lenderId ?? null,
      provider: record.provider,
      phone: record.phone,
      demo: record.demo !== undefined,
    };
  }

  app.post(BROWSER_EVENTS_PATH, { bodyLimit: BROWSER_EVENTS_BODY_LIMIT }, async (request, reply) => {
    const found = await target(request);
    try {
      await limiter.consume(found.key);
    } catch {
      throw tooMany();
    }
    const parsed = BrowserEventsRequestSchema.safeParse(request.body);
    if (!parsed.success) throw failures.badRequest();
    const { events } = parsed.data;
    if (!(await deps.store.admitBrowserEvents(found.sessionId, events.length, MAX_BROWSER_EVENTS_PER_SESSION))) throw tooMany();
    deps.analytics.browser(found, events);
    return reply.code(204).send();
  });
}
