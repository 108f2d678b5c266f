import { createContext, useContext } from 'react';
import type { Carrier } from '../../flow/phone';

/** The live session as the step screens see it. */
export interface SessionHandle {
  token: string;
  /**
   * The applicant's full number, for checks in the browser (a new password must not contain it,
   * a contact must not be it). Kept in memory only: unknown after a reload, the server checks anyway.
   */
  phone?: string;
  /** Detected from the number's prefix (e.g. which hotline resets the service password). */
  carrier?: Carrier;
  /** The server said the session is gone (401): show the expired screen. */
  onExpired: () => void;
  /**
   * "更换手机号": the session is cancelled on the server and the phone step shown; rejects when the
   * server could not be reached. Absent in link mode: a link opens exactly one session, for the
   * lender's number (the header's control shows the phone step there, saying how to get another).
   */
  leave?(): Promise<void>;
}

export const SessionContext = createContext<SessionHandle | null>(null);

export function useSession(): SessionHandle {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a SessionContext');
  return session;
}
