import { useQuery } from '@tanstack/react-query';
import type { LinkInfoResponse } from '../../flow';
import { requestJson } from './http';

// flow/api's LINK_TOKEN_PATTERN; importing that module by value would pull zod into the entry
// chunk (a test pins the two together).
export const LINK_TOKEN_PATTERN = /^lt_[A-Za-z0-9_-]{43}$/;

/** A malformed `link_token` is answered locally, without asking the server. */
export function isLinkToken(value: string): boolean {
  return LINK_TOKEN_PATTERN.test(value);
}

/** GET /api/link: where the link stands, which origins may frame it, the lender's prefill. */
export async function getLink(linkToken: string): Promise<LinkInfoResponse> {
  return requestJson({ method: 'GET', path: '/api/link', token: linkToken, schema: (schemas) => schemas.LinkInfoResponseSchema });
}

export function linkKey(linkToken: string) {
  return ['carrierlink', 'link', linkToken] as const;
}

/** Read once per page: the answer decides the first screen, which must not change under the user. */
export function useLinkQuery(linkToken: string | undefined) {
  return useQuery({
    queryKey: linkKey(linkToken ?? ''),
    queryFn: () => getLink(linkToken ?? ''),
    enabled: linkToken !== undefined,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
