import { isSessionGone, requestJson, type Parser } from './http';

/** 204 No Content: the only answer that is not JSON. */
const NO_CONTENT: Parser<undefined> = {
  safeParse: (data) => (data === undefined ? { success: true, data: undefined } : { success: false }),
};

/**
 * DELETE /api/session: the applicant changes number, so the server forgets the session (and its
 * upstream state) now rather than at its idle expiry. Idempotent: a session already gone counts
 * as cancelled.
 */
export async function cancelSession(token: string): Promise<void> {
  try {
    await requestJson({ method: 'DELETE', path: '/api/session', token, schema: () => NO_CONTENT });
  } catch (error) {
    if (!isSessionGone(error)) throw error;
  }
}
