import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { StartSessionRequest } from '../../flow';
import { toSnapshot, sessionKey, type SessionSnapshot } from '../session/snapshot';
import { requestJson } from './http';
import { MUTATION_KEYS } from './mutation-keys';

export interface StartedSession {
  token: string;
  snapshot: SessionSnapshot;
}

/** POST /api/sessions: opens a session for a phone number the user consented for. */
export async function startSession(request: StartSessionRequest): Promise<StartedSession> {
  const answer = await requestJson({
    method: 'POST',
    path: '/api/sessions',
    body: request,
    schema: (schemas) => schemas.StartSessionResponseSchema,
  });
  return { token: answer.token, snapshot: toSnapshot(answer) };
}

export function useStartSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: MUTATION_KEYS.start,
    mutationFn: startSession,
    onSuccess: (started) => {
      // Seed the session query so the next screen renders without a GET.
      queryClient.setQueryData(sessionKey(started.token), started.snapshot);
    },
  });
}
