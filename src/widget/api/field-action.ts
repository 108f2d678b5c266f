import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FieldAction } from '../../flow';
import { useSession } from '../session/session-context';
import { useSessionErrorHandler } from '../session/session-errors';
import { toSnapshot, sessionKey, type SessionSnapshot } from '../session/snapshot';
import { requestJson } from './http';
import { MUTATION_KEYS } from './mutation-keys';

export interface FieldActionInput {
  stepId: string;
  fieldId: string;
  action: FieldAction;
}

/**
 * POST /api/session/steps/:stepId/fields/:fieldId/(refresh|resend|recover): a new captcha, a new
 * SMS code, or the first step of recovering a forgotten service password.
 */
export async function runFieldAction(token: string, input: FieldActionInput): Promise<SessionSnapshot> {
  const path = `/api/session/steps/${encodeURIComponent(input.stepId)}/fields/${encodeURIComponent(input.fieldId)}/${input.action}`;
  const answer = await requestJson({ method: 'POST', path, token, schema: (schemas) => schemas.StepResponseSchema });
  return toSnapshot(answer);
}

/** One instance per field, so each button has its own pending state. */
export function useFieldAction() {
  const { token } = useSession();
  const queryClient = useQueryClient();
  const handleSessionError = useSessionErrorHandler();
  return useMutation({
    mutationKey: MUTATION_KEYS.fieldAction,
    mutationFn: (input: FieldActionInput) => runFieldAction(token, input),
    onSuccess: (snapshot) => queryClient.setQueryData(sessionKey(token), snapshot),
    onError: (error) => {
      handleSessionError(error);
    },
  });
}
