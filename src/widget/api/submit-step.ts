import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FieldValue } from '../../flow';
import { useSession } from '../session/session-context';
import { useSessionErrorHandler } from '../session/session-errors';
import { toSnapshot, sessionKey, type SessionSnapshot } from '../session/snapshot';
import { requestJson } from './http';
import { MUTATION_KEYS } from './mutation-keys';

export interface SubmitStepInput {
  stepId: string;
  /** Keyed by field id; a string, or an array for `contacts`. */
  values: Record<string, FieldValue>;
}

/** POST /api/session/steps/:stepId: answers a form step; the server returns the next (or same) step. */
export async function submitStep(token: string, input: SubmitStepInput): Promise<SessionSnapshot> {
  const answer = await requestJson({
    method: 'POST',
    path: `/api/session/steps/${encodeURIComponent(input.stepId)}`,
    token,
    body: { values: input.values },
    schema: (schemas) => schemas.StepResponseSchema,
  });
  return toSnapshot(answer);
}

export function useSubmitStep() {
  const { token } = useSession();
  const queryClient = useQueryClient();
  const handleSessionError = useSessionErrorHandler();
  return useMutation({
    mutationKey: MUTATION_KEYS.submit,
    mutationFn: (input: SubmitStepInput) => submitStep(token, input),
    onSuccess: (snapshot) => queryClient.setQueryData(sessionKey(token), snapshot),
    onError: (error) => {
      handleSessionError(error);
    },
  });
}
