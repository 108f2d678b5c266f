import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createLinkToken } from '../../server/link/service';
import type { LinkStore } from '../../server/link/store';
import type { LinkRecord } from '../../server/link/schemas';
import { tokenKey } from '../../server/session/token';
import { CONSENT } from './test-app';

/**
 * Stores an unused update link for `phone` (as POST /api/v1/sessions/{id}/update-links would) and
 * answers its token. The number stays in the store; the widget never names it.
 */
export async function putUpdateLink(links: LinkStore, phone: string, overrides: Partial<LinkRecord> = {}): Promise<string> {
  const linkToken = createLinkToken();
  const now = Date.now();
  await links.put(tokenKey(linkToken), {
    sessionId: `ses_UpDaTe${String(now % 1_000_000).padStart(6, '0')}`,
    linkId: 'lnk_UpDaTe000001',
    lenderId: 'acme',
    lenderUserId: 'user-42',
    allowedOrigins: ['https://lender.example'],
    phone,
    mode: 'update',
    previousSessionId: 'ses_PrEvIoUs0001',
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 600_000).toISOString(),
    ...overrides,
  });
  return linkToken;
}

/** Starts the session of a link as the widget of an update link does: no number, the consent, the token. */
export function startFromLink(app: FastifyInstance, linkToken: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/sessions', payload: { consent: CONSENT, linkToken } });
}

/**
 * The number whole, as a sentence may write it: its digits maybe grouped by spaces or hyphens,
 * wherever they stand (after +86 too). The digits of a masked number never match.
 */
export function wholeNumberPattern(phone: string): RegExp {
  return new RegExp(phone.split('').join('[\\s-]?'));
}

/** The first body that holds the number whole, or undefined. */
export function bodyWithNumber(bodies: readonly string[], phone: string): string | undefined {
  const pattern = wholeNumberPattern(phone);
  return bodies.find((body) => pattern.test(body));
}
