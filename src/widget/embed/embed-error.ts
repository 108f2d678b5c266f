import { LIMITS } from '../../embed/constants';
import type { EmbedError } from '../../embed/protocol';

// A carrier's own wording (shown as is for upstream_error) could quote a number or a code back;
// digit runs are masked so nothing personal reaches the host page.
const DIGIT_RUN = /\d{4,}/g;

/** An error as posted to the host: code, retryability, the message shown, the field kind. */
export function embedError(code: string, retryable: boolean, message: string, field?: string): EmbedError {
  const shown = message.replace(DIGIT_RUN, (digits) => '*'.repeat(digits.length)).slice(0, LIMITS.messageLength);
  const error: EmbedError = { code: code.slice(0, LIMITS.codeLength), retryable, message: shown };
  if (field !== undefined) error.field = field;
  return error;
}
