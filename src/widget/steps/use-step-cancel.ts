import { useCallback, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Step } from '../../flow';
import { cancelStep } from '../api/cancel-step';
import { isSessionGone } from '../api/http';
import type { SessionHandle } from '../session/session-context';
import { sessionKey } from '../session/snapshot';

/**
 * Browser Back on a step the applicant may leave (password recovery): the same request as its
 * "返回登录" button. A refusal leaves the step on screen (its button then says why, if tried).
 */
export function useStepCancel(session: SessionHandle, step: Step | undefined) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const inFlight = useRef(false);
  const stepId = step?.type === 'form' && step.cancellable ? step.id : undefined;
  const run = useCallback(() => {
    if (stepId === undefined || inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    cancelStep(session.token, stepId)
      .then(
        (snapshot) => queryClient.setQueryData(sessionKey(session.token), snapshot),
        (error: unknown) => {
          if (isSessionGone(error)) session.onExpired();
          else void queryClient.invalidateQueries({ queryKey: sessionKey(session.token) });
        },
      )
      .finally(() => {
        inFlight.current = false;
        setPending(false);
      });
  }, [session, stepId, queryClient]);
  return { run, pending };
}
