import { useQueryClient } from '@tanstack/react-query';
import { isSessionGone, isStepOutdated } from '../api/http';
import { useSession } from './session-context';
import { sessionKey } from './snapshot';

/**
 * Shared reaction to failed session calls: a gone session ends it, an outdated step refetches
 * the current one. Returns whether the error was handled (nothing left to show in the form).
 */
export function useSessionErrorHandler(): (error: unknown) => boolean {
  const session = useSession();
  const queryClient = useQueryClient();
  return (error) => {
    if (isSessionGone(error)) {
      session.onExpired();
      return true;
    }
    if (isStepOutdated(error)) {
      void queryClient.invalidateQueries({ queryKey: sessionKey(session.token) });
      return true;
    }
    return false;
  };
}
