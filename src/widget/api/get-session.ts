import { useQuery } from '@tanstack/react-query';
import { toSnapshot, sessionKey, type SessionSnapshot } from '../session/snapshot';
import { requestJson } from './http';

/** GET /api/session: the step the session is on (a reload lands on the same step). */
export async function getSession(token: string): Promise<SessionSnapshot> {
  const answer = await requestJson({ method: 'GET', path: '/api/session', token, schema: (schemas) => schemas.StepResponseSchema });
  return toSnapshot(answer);
}

export function useSessionQuery(token: string | undefined) {
  return useQuery({
    queryKey: sessionKey(token ?? ''),
    queryFn: () => getSession(token ?? ''),
    enabled: token !== undefined,
    // The step only changes through our own calls, which write the cache directly.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
