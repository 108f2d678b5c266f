import { LINK_TOKEN_PATTERN } from '../../flow';
import type { LinkInfoResponse } from '../../flow';
import { requestJson } from './http';

export { LINK_TOKEN_PATTERN };

/** A malformed `link_token` is answered locally, without asking the server. */
export function isLinkToken(value: string): boolean {
  return LINK_TOKEN_PATTERN.test(value);
}

/** GET /api/link: where the link stands, which origins may frame it, the lender's prefill. */
export async function getLink(linkToken: string): Promise<LinkInfoResponse> {
  return requestJson({ method: 'GET', path: '/api/link', token: linkToken, schema: (schemas) => schemas.LinkInfoResponseSchema });
}

const early = new Map<string, Promise<LinkInfoResponse>>();

/** Starts GET /api/link while link mode's chunk downloads; the link query takes this answer once. */
export function prefetchLink(linkToken: string): void {
  if (early.has(linkToken)) return;
  const request = getLink(linkToken);
  request.catch(() => undefined);
  early.set(linkToken, request);
}

/** The early request for this link, once; later reads ask the server again. */
export function takePrefetchedLink(linkToken: string): Promise<LinkInfoResponse> | undefined {
  const request = early.get(linkToken);
  early.delete(linkToken);
  return request;
}
