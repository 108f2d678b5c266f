import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { CreateLinkTokenResponse } from '../../server/link/schemas';
import type { LenderApiKey } from '../../server/link/api-keys';
import { CONSENT } from './test-app';

export const KEY_ACME = 'sk_test_ACME_0123456789abcdefghijkl';
export const KEY_BANK = 'sk_test_BANK_zyxwvutsrqponmlkjihgfe';
export const API_KEYS: LenderApiKey[] = [
  { lenderId: 'acme', key: KEY_ACME },
  { lenderId: 'bank', key: KEY_BANK },
];
export const ORIGIN = 'https://lender.example';

/** POST /api/link-tokens as a lender's server would; `body` is sent as JSON text (a string as is); `null` sends no key. */
export function postLink(app: FastifyInstance, body: unknown, key: string | null = KEY_ACME): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  return app.inject({ method: 'POST', url: '/api/link-tokens', headers, payload: typeof body === 'string' ? body : JSON.stringify(body) });
}

export async function createLink(
  app: FastifyInstance,
  body: Record<string, unknown> = {},
  key = KEY_ACME,
): Promise<CreateLinkTokenResponse> {
  const response = await postLink(app, { userId: 'user-42', allowedOrigins: [ORIGIN], ...body }, key);
  if (response.statusCode !== 201) throw new Error(`link creation failed: ${response.statusCode} ${response.body}`);
  return response.json<CreateLinkTokenResponse>();
}

/** GET /api/link as the widget does. */
export function linkInfo(app: FastifyInstance, linkToken: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: '/api/link', headers: { authorization: `Bearer ${linkToken}` } });
}

/** POST /api/sessions naming a link token. */
export function startWithLink(app: FastifyInstance, phone: string, linkToken: string | undefined): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/sessions', payload: { phone, consent: CONSENT, ...(linkToken ? { linkToken } : {}) } });
}
