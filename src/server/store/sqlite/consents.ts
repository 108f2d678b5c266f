import type Database from 'better-sqlite3';
import type { ConsentStore } from '../../link/consents';
import { CONSENT_COLUMNS, consentParams, toConsentRecord } from '../consent-rows';
import type { ConsentRow } from '../consent-rows';

/** Consent records, one per session; the first write wins (a retried start cannot rewrite it). */
export function createSqliteConsentStore(db: Database.Database): ConsentStore {
  const insert = db.prepare<ReturnType<typeof consentParams>>(
    `INSERT INTO consents (${CONSENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING`,
  );
  const selectOne = db.prepare<[string], ConsentRow>(`SELECT ${CONSENT_COLUMNS} FROM consents WHERE session_id = ?`);
  return {
    async record(consent) {
      insert.run(...consentParams(consent));
    },
    async get(sessionId) {
      const row = selectOne.get(sessionId);
      return row ? toConsentRecord(row) : undefined;
    },
  };
}
