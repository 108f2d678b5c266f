import type pg from 'pg';
import { toMs } from '../codec';
import type { WebhookSlotStore } from '../types';
import { checkEndpoint, checkSlotLimit, slotToken } from '../webhook-slots-input';

/**
 * Per-endpoint delivery slots shared by every instance. One statement takes the lowest slot that is
 * free (never held, or its lease run out): the primary key (endpoint, slot) keeps two instances off
 * one slot, and the upsert's WHERE, re-checked on the row's latest version, keeps a live lease from
 * being taken over. An instance that loses a race for a slot gets no row and looks again.
 */
export function createPgWebhookSlots(pool: pg.Pool): WebhookSlotStore {
  const TAKE = `INSERT INTO webhook_endpoint_slots AS s (endpoint, slot, token, owner, lease_until)
    SELECT $1, n, $2, $3, $4 FROM generate_series(0, $5::integer - 1) AS n
    WHERE NOT EXISTS (SELECT 1 FROM webhook_endpoint_slots h WHERE h.endpoint = $1 AND h.slot = n AND h.lease_until > $6)
    ORDER BY n LIMIT 1
    ON CONFLICT (endpoint, slot) DO UPDATE SET token = excluded.token, owner = excluded.owner, lease_until = excluded.lease_until
      WHERE s.lease_until <= $6
    RETURNING slot`;

  return {
    async acquire(endpoint, limit, lease, now) {
      checkEndpoint(endpoint);
      checkSlotLimit(limit);
      const at = toMs(now, 'now');
      const token = slotToken();
      // Each lost race means another holder took a slot: at most `limit` looks.
      for (let look = 0; look < limit; look++) {
        const { rows } = await pool.query<{ slot: number }>(TAKE, [endpoint, token, lease.owner, at + lease.ms, limit, at]);
        const row = rows[0];
        if (row) return { endpoint, slot: row.slot, token };
        const { rows: live } = await pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM webhook_endpoint_slots WHERE endpoint = $1 AND lease_until > $2',
          [endpoint, at],
        );
        if (Number(live[0]?.n ?? 0) >= limit) return undefined;
      }
      return undefined;
    },
    async renew(slot, until) {
      const result = await pool.query(
        'UPDATE webhook_endpoint_slots SET lease_until = $1 WHERE endpoint = $2 AND slot = $3 AND token = $4',
        [toMs(until, 'until'), slot.endpoint, slot.slot, slot.token],
      );
      return result.rowCount === 1;
    },
    async release(slot) {
      await pool.query('DELETE FROM webhook_endpoint_slots WHERE endpoint = $1 AND slot = $2 AND token = $3', [
        slot.endpoint,
        slot.slot,
        slot.token,
      ]);
    },
    async held(endpoint, now) {
      const { rows } = await pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM webhook_endpoint_slots WHERE endpoint = $1 AND lease_until > $2',
        [endpoint, toMs(now, 'now')],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
