import type Database from 'better-sqlite3';
import type { WebhookEndpointStore } from '../types';
import { toIso, toMs } from '../codec';

interface EndpointRow {
  lender_id: string;
  url: string;
  secret: string;
  updated_at: number;
}

/** One webhook endpoint per lender; a put replaces the lender's previous one. */
export function createSqliteWebhookStore(db: Database.Database): WebhookEndpointStore {
  const selectOne = db.prepare<[string], EndpointRow>('SELECT * FROM webhook_endpoints WHERE lender_id = ?');
  const upsert = db.prepare<{ lenderId: string; url: string; secret: string; updatedAt: number }>(
    `INSERT INTO webhook_endpoints (lender_id, url, secret, updated_at) VALUES (@lenderId, @url, @secret, @updatedAt)
     ON CONFLICT (lender_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM webhook_endpoints WHERE lender_id = ?');

  return {
    async get(lenderId) {
      const row = selectOne.get(lenderId);
      return row ? { lenderId: row.lender_id, url: row.url, secret: row.secret, updatedAt: toIso(row.updated_at) } : undefined;
    },
    async put(endpoint) {
      upsert.run({
        lenderId: endpoint.lenderId,
        url: endpoint.url,
        secret: endpoint.secret,
        updatedAt: toMs(endpoint.updatedAt, 'updatedAt'),
      });
    },
    async delete(lenderId) {
      remove.run(lenderId);
    },
  };
}
