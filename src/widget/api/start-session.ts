import type { StartSessionRequest } from '../../flow';
import { toSnapshot, type SessionSnapshot } from '../session/snapshot';
import { requestJson } from './http';

export interface StartedSession {
  token: string;
  snapshot: SessionSnapshot;
}

/**
 * POST /api/sessions: opens a session for a phone number the user consented for. A plain call, not
 * a react-query mutation: the phone step is in the first load, which carries no query library
 * (the step reports its own embed events, steps/start-reporting.ts).
 */
export async function startSession(request: StartSessionRequest): Promise<StartedSession> {
  const answer = await requestJson({
    method: 'POST',
    path: '/api/sessions',
    body: request,
    schema: (schemas) => schemas.StartSessionResponseSchema,
  });
  return { token: answer.token, snapshot: toSnapshot(answer) };
}
