import type { Consent } from '../../flow';
import { toSnapshot } from '../session/snapshot';
import { requestJson } from './http';
import type { StartedSession } from './start-session';

export interface HandedOffSession extends StartedSession {
  /** The number the applicant typed into the form the server received. */
  phone: string;
  consent: Consent;
}

// One exchange per code and page, however often React mounts the screen (StrictMode mounts twice).
const exchanges = new Map<string, Promise<HandedOffSession>>();

/** POST /api/session/handoff: the one-time code of the page URL for the session's token. */
export function redeemHandoff(code: string): Promise<HandedOffSession> {
  let exchange = exchanges.get(code);
  if (!exchange) {
    exchange = requestJson({
      method: 'POST',
      path: '/api/session/handoff',
      body: { code },
      schema: (schemas) => schemas.HandoffResponseSchema,
    }).then((answer) => ({ token: answer.token, snapshot: toSnapshot(answer), phone: answer.phone, consent: answer.consent }));
    exchanges.set(code, exchange);
    // A failed exchange may be tried again (a dropped connection); a used code answers 401 then.
    exchange.catch(() => exchanges.delete(code));
  }
  return exchange;
}
