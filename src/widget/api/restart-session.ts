import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../session/session-context';
import { useSessionErrorHandler } from '../session/session-errors';
import { toSnapshot, sessionKey, type SessionSnapshot } from '../session/snapshot';
import { requestJson } from './http';
import { MUTATION_KEYS } from './mutation-keys';

/** POST /api/session/restart: a new upstream login for the same phone number. */
export async function restartSession(token: string): Promise<SessionSnapshot> {
  const answer = await requestJson({
    method: 'POST',
    path: '/api/session/restart',
    token,
    schema: (schemas) => schemas.StepResponseSchema,
  });
  return toSnapshot(answer);
}

export function useRestartSession() {
  const { token } = useSession();
  const queryClient = useQueryClient();
  const handleSessionError = useSessionErrorHandler();
  return useMutation({
    mutationKey: MUTATION_KEYS.restart,
    mutationFn: () => restartSession(token),
    onSuccess: (snapshot) => queryClient.setQueryData(sessionKey(token), snapshot),
    onError: (error) => {
      handleSessionError(error);
    },
  });
}
