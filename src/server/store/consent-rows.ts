import { ConsentRecordSchema } from '../link/consents';
import type { ConsentRecord } from '../link/consents';
import { checkInput, toIso, toMs } from './codec';

/** A `consents` row as both stores answer it (times in epoch milliseconds). */
export interface ConsentRow {
  session_id: string;
  lender_id: string;
  link_id: string | null;
  mode: ConsentRecord['mode'];
  previous_session_id: string | null;
  agreement_version: string;
  text_hash: string | null;
  accepted_at: number;
  recorded_at: number;
}

/** The insert parameters of a consent, in column order; refuses a record that does not match its schema. */
export function consentParams(
  consent: ConsentRecord,
): [string, string, string | null, string, string | null, string, string | null, number, number] {
  const c = checkInput(ConsentRecordSchema, consent, 'consent record');
  return [
    c.sessionId,
    c.lenderId,
    c.linkId,
    c.mode,
    c.previousSessionId,
    c.agreementVersion,
    c.textHash,
    toMs(c.acceptedAt, 'acceptedAt'),
    toMs(c.recordedAt, 'recordedAt'),
  ];
}

export function toConsentRecord(row: ConsentRow): ConsentRecord {
  return {
    sessionId: row.session_id,
    lenderId: row.lender_id,
    linkId: row.link_id,
    mode: row.mode,
    previousSessionId: row.previous_session_id,
    agreementVersion: row.agreement_version,
    textHash: row.text_hash,
    acceptedAt: toIso(row.accepted_at),
    recordedAt: toIso(row.recorded_at),
  };
}

export const CONSENT_COLUMNS =
  'session_id, lender_id, link_id, mode, previous_session_id, agreement_version, text_hash, accepted_at, recorded_at';
