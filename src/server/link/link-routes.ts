import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_HEADER } from '../../flow';
import { failures } from '../errors';
import type { AbuseGuard } from '../limits/guard';
import type { ApiKeyring } from './api-keys';
import { createLinkTokenRequestSchema, describeIssue, missingIsRequired } from './schemas';
import type { LinkService } from './service';

const header = (request: FastifyRequest): string | undefined => {
  const value = request.headers[SESSION_HEADER];
  return typeof value === 'string' ? value : undefined;
};

/**
 * POST /api/link-tokens (lender servers, API key; no CORS: browsers never call it) and
 * GET /api/link (the widget, with the link token as bearer).
 */
export function registerLinkRoutes(
  app: FastifyInstance,
  links: LinkService,
  keyring: ApiKeyring,
  ttlSeconds: number,
  guard?: Pick<AbuseGuard, 'linkCreation' | 'linkRedemption'>,
): void {
  const schema = createLinkTokenRequestSchema(ttlSeconds);
  // The lender each authenticated request came from (no request decoration needed).
  const lenders = new WeakMap<FastifyRequest, string>();

  app.post('/api/link-tokens', {
    // Before the body is read: an unauthenticated caller learns nothing about the request format.
    onRequest: async (request) => {
      const lender = keyring.verify(header(request));
      if (!lender) throw failures.unauthorized();
      await guard?.linkCreation(lender.lenderId);
      lenders.set(request, lender.lenderId);
    },
    handler: async (request, reply) => {
      const lenderId = lenders.get(request);
      if (lenderId === undefined) throw failures.unauthorized();
      const parsed = schema.safeParse(request.body, { error: missingIsRequired });
      if (!parsed.success) {
        const { message, field } = describeIssue(parsed.error);
        request.log.info({ lenderId, field }, 'link token refused');
        throw failures.badRequest(message, field);
      }
      return reply.code(201).send(await links.create(lenderId, parsed.data));
    },
  });

  app.get('/api/link', async (request) => {
    await guard?.linkRedemption(request.ip);
    return links.info(header(request));
  });
}
