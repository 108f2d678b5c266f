import type pg from 'pg';
import type { ConsentStore } from '../../link/consents';
import { CONSENT_COLUMNS, consentParams, toConsentRecord } from '../consent-rows';
import type { ConsentRow } from '../consent-rows';

/** Consent records, one per session; the first write wins (a retried start cannot rewrite it). */
export function createPgConsentStore(pool: pg.Pool): ConsentStore {
  return {
    async record(consent) {
      await pool.query(
        `INSERT INTO consents (${CONSENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (session_id) DO NOTHING`,
        consentParams(consent),
      );
    },
    async get(sessionId) {
      const { rows } = await pool.query<ConsentRow>(`SELECT ${CONSENT_COLUMNS} FROM consents WHERE session_id = $1`, [sessionId]);
      return rows[0] ? toConsentRecord(rows[0]) : undefined;
    },
  };
}
