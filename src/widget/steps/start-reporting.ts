import type { Consent } from '../../flow';
import type { ApiRequestError } from '../api/http';
import { useEmbed } from '../embed/embed-context';

/**
 * The phone step's embed events (a lender page only): `submitted` when the start is sent, `consent`
 * once the server opened the session and recorded it, `error` when a refusal is shown (at the phone
 * field when it names it).
 */
export function useStartReporting() {
  const reporter = useEmbed()?.reporter;
  return {
    submitted: () => reporter?.submitted(),
    started: (consent: Consent) => reporter?.consent(consent),
    failed: (failure: ApiRequestError, message: string) =>
      reporter?.requestFailed(failure, () => message, failure.field === 'phone' ? 'phone' : undefined),
  };
}
