import type pg from 'pg';
import type { WebhookEndpointStore } from '../types';
import { toIso, toMs } from '../codec';

interface EndpointRow {
  lender_id: string;
  url: string;
  secret: string;
  updated_at: number;
}

/** One webhook endpoint per lender; a put replaces the lender's previous one. */
export function createPgWebhookStore(pool: pg.Pool): WebhookEndpointStore {
  return {
    async get(lenderId) {
      const { rows } = await pool.query<EndpointRow>('SELECT * FROM webhook_endpoints WHERE lender_id = $1', [lenderId]);
      const row = rows[0];
      return row ? { lenderId: row.lender_id, url: row.url, secret: row.secret, updatedAt: toIso(row.updated_at) } : undefined;
    },
    async put(endpoint) {
      await pool.query(
        `INSERT INTO webhook_endpoints (lender_id, url, secret, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (lender_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, updated_at = excluded.updated_at`,
        [endpoint.lenderId, endpoint.url, endpoint.secret, toMs(endpoint.updatedAt, 'updatedAt')],
      );
    },
    async delete(lenderId) {
      await pool.query('DELETE FROM webhook_endpoints WHERE lender_id = $1', [lenderId]);
    },
  };
}
