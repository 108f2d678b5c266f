import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../session/session-context';
import { useSessionErrorHandler } from '../session/session-errors';
import { toSnapshot, sessionKey, type SessionSnapshot } from '../session/snapshot';
import { requestJson } from './http';
import { MUTATION_KEYS } from './mutation-keys';

/** POST /api/session/steps/:stepId/cancel: leaves a cancellable step (e.g. recovery, back to login). */
export async function cancelStep(token: string, stepId: string): Promise<SessionSnapshot> {
  const answer = await requestJson({
    method: 'POST',
    path: `/api/session/steps/${encodeURIComponent(stepId)}/cancel`,
    token,
    schema: (schemas) => schemas.StepResponseSchema,
  });
  return toSnapshot(answer);
}

export function useCancelStep() {
  const { token } = useSession();
  const queryClient = useQueryClient();
  const handleSessionError = useSessionErrorHandler();
  return useMutation({
    mutationKey: MUTATION_KEYS.cancel,
    mutationFn: (stepId: string) => cancelStep(token, stepId),
    onSuccess: (snapshot) => queryClient.setQueryData(sessionKey(token), snapshot),
    onError: (error) => {
      handleSessionError(error);
    },
  });
}
