import { useQuery } from '@tanstack/react-query';
import type { LinkInfoResponse } from '../../flow';
import { getLink, takePrefetchedLink } from './link-token';

export { getLink, isLinkToken, LINK_TOKEN_PATTERN } from './link-token';

export function linkKey(linkToken: string) {
  return ['carrierlink', 'link', linkToken] as const;
}

/**
 * Read once per page: the answer decides the first screen, which must not change under the user.
 * `initial`: what the server already read for the page (its boot block).
 */
export function useLinkQuery(linkToken: string | undefined, initial?: LinkInfoResponse) {
  return useQuery({
    queryKey: linkKey(linkToken ?? ''),
    queryFn: () => takePrefetchedLink(linkToken ?? '') ?? getLink(linkToken ?? ''),
    enabled: linkToken !== undefined,
    initialData: initial,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
