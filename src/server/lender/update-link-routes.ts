import type { FastifyInstance, FastifyRequest } from 'fastify';
import { maskPhone } from '../../flow';
import { ApiFailure } from '../errors';
import { createLinkTokenRequestSchema } from '../link/schemas';
import type { LinkService } from '../link/service';
import type { CollectionRecord } from '../store/types';
import { lenderFailures } from './errors';
import { parseOrRefuse } from './parse';
import { SessionParamsSchema } from './schemas';
import { describeSession, findOwnedSession } from './session-view';
import type { LenderStore } from './session-view';
import { UPDATE_LINK_MESSAGES, createUpdateLinkRequestSchema } from './update-schemas';
import type { CreateUpdateLinkResponse } from './update-schemas';

/** What creating update links takes besides the lender scope. */
export interface UpdateLinkDeps {
  links: Pick<LinkService, 'create'>;
  /** LINK_TOKEN_TTL_SECONDS: default and longest lifetime. */
  ttlSeconds: number;
  /** The per-lender link creation limit of POST /api/link-tokens (the same budget). */
  limit?: (lenderId: string) => Promise<void>;
}

interface Context {
  store: LenderStore;
  now: () => number;
  lenderOf(request: FastifyRequest): string;
}

/** The earlier session's collection when it can be refreshed; else the refusal that says why. */
function completed(collection: CollectionRecord | undefined, status: string): CollectionRecord {
  if (collection?.status === 'purged' || (collection && collection.phone === ''))
    throw lenderFailures.purgedWith(UPDATE_LINK_MESSAGES.purged);
  if (!collection || collection.status !== 'data_ready') throw lenderFailures.notCompleted(UPDATE_LINK_MESSAGES.notCompleted(status));
  return collection;
}

/**
 * POST /api/v1/sessions/{sessionId}/update-links: a link for the applicant of a completed session
 * to authorize again (a monthly refresh). The number and vendor are the earlier session's and stay
 * here; the applicant sees the number masked and consents again; the new session is collected afresh.
 */
export function registerUpdateLinkRoutes(scope: FastifyInstance, context: Context, deps: UpdateLinkDeps): void {
  const body = createUpdateLinkRequestSchema(deps.ttlSeconds);
  const full = createLinkTokenRequestSchema(deps.ttlSeconds);

  scope.post('/sessions/:sessionId/update-links', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const lenderId = context.lenderOf(request);
    const { sessionId } = parseOrRefuse(SessionParamsSchema, request.params);
    try {
      await deps.limit?.(lenderId);
    } catch (error) {
      if (error instanceof ApiFailure && error.code === 'rate_limited')
        throw lenderFailures.rateLimited(error.guidance.retryAfterSeconds ?? 60);
      throw error;
    }
    const raw: unknown = request.body ?? {};
    if (typeof raw === 'object' && raw !== null && 'phone' in raw)
      throw lenderFailures.badRequest(`phone: ${UPDATE_LINK_MESSAGES.phone}`, 'phone');
    const given = parseOrRefuse(body, raw);

    const view = await findOwnedSession(context.store, lenderId, sessionId);
    const previous = completed(view.collection, describeSession(view, context.now()).status);
    const previousUserId = previous.lenderUserId ?? undefined;
    if (given.userId !== undefined && given.userId !== previousUserId)
      throw lenderFailures.badRequest(`userId: ${UPDATE_LINK_MESSAGES.userId}`, 'userId');
    // The whole link request's own checks (repeated origins, contacts), with the earlier number as the applicant's.
    const checked = parseOrRefuse(full, { ...given, userId: given.userId ?? previousUserId ?? '', phone: previous.phone });
    const { phone: _phone, ...linkRequest } = checked;

    const created = await deps.links.create(lenderId, linkRequest, {
      previousSessionId: previous.sessionId,
      phone: previous.phone,
      provider: previous.provider,
    });
    request.log.info({ lenderId, session: created.sessionId, previousSession: previous.sessionId }, 'update link created');
    const answer: CreateUpdateLinkResponse = {
      ...created,
      mode: 'update',
      previousSessionId: previous.sessionId,
      maskedPhone: maskPhone(previous.phone),
    };
    return reply.code(201).send(answer);
  });
}
