import * as z from 'zod';
import { LINK_MODES, SHA256_HEX } from '../../flow';
import type { Consent } from '../../flow';
import type { LinkRecord } from './schemas';

/**
 * The consent an applicant gave for one session a lender's link opened: what they accepted
 * (agreement version, hash of the text shown), when, and on which link. Kept apart from the
 * session (which idles out within the hour) so the lender can show it years later; no personal data.
 */
export const ConsentRecordSchema = z.object({
  sessionId: z.string().min(1),
  lenderId: z.string().min(1),
  /** The link's id (`lnk_…`); null for a link created before links had ids. */
  linkId: z.string().min(1).nullable(),
  mode: z.enum(LINK_MODES),
  /** Update mode: the session this consent refreshes. */
  previousSessionId: z.string().min(1).nullable(),
  agreementVersion: z.string().min(1).max(32),
  /** SHA-256 of the agreement text as shown; null when the browser could not compute it. */
  textHash: z.string().regex(SHA256_HEX).nullable(),
  /** When the applicant ticked the box (the browser's clock). */
  acceptedAt: z.iso.datetime(),
  /** When the server recorded it (the authoritative time). */
  recordedAt: z.iso.datetime(),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

/** Where consent records live: one per session, written once. */
export interface ConsentStore {
  /** Records the consent of a session; a second record for the same session changes nothing. */
  record(consent: ConsentRecord): Promise<void>;
  get(sessionId: string): Promise<ConsentRecord | undefined>;
}

/** The consent record of the session `link` opens, from what the start request carried. */
export function consentOf(link: LinkRecord, consent: Consent, recordedAt: string): ConsentRecord {
  return {
    sessionId: link.sessionId,
    lenderId: link.lenderId,
    linkId: link.linkId ?? null,
    mode: link.mode ?? 'initial',
    previousSessionId: link.previousSessionId ?? null,
    agreementVersion: consent.agreementVersion,
    textHash: consent.textHash ?? null,
    acceptedAt: consent.acceptedAt,
    recordedAt,
  };
}

/** An in-memory store (tests, and an app without a durable store). */
export function createMemoryConsentStore(): ConsentStore {
  const records = new Map<string, ConsentRecord>();
  return {
    async record(consent) {
      const checked = ConsentRecordSchema.parse(consent);
      if (!records.has(checked.sessionId)) records.set(checked.sessionId, structuredClone(checked));
    },
    async get(sessionId) {
      const found = records.get(sessionId);
      return found ? structuredClone(found) : undefined;
    },
  };
}
