import type Database from 'better-sqlite3';
import { toMs } from '../codec';
import type { WebhookSlotStore } from '../types';
import { checkEndpoint, checkSlotLimit, slotToken } from '../webhook-slots-input';

interface Take {
  endpoint: string;
  limit: number;
  token: string;
  owner: string;
  now: number;
  until: number;
}

/**
 * Per-endpoint delivery slots in the file: the free slot is found and taken in one IMMEDIATE
 * transaction (the write lock), so processes sharing the file never take the same slot.
 */
export function createSqliteWebhookSlots(db: Database.Database): WebhookSlotStore {
  const live = db
    .prepare<[string, number], number>('SELECT slot FROM webhook_endpoint_slots WHERE endpoint = ? AND lease_until > ?')
    .pluck();
  const upsert = db.prepare<{ endpoint: string; slot: number; token: string; owner: string; until: number }>(
    `INSERT INTO webhook_endpoint_slots (endpoint, slot, token, owner, lease_until) VALUES (@endpoint, @slot, @token, @owner, @until)
     ON CONFLICT (endpoint, slot) DO UPDATE SET token = excluded.token, owner = excluded.owner, lease_until = excluded.lease_until`,
  );
  const extend = db.prepare<[number, string, number, string]>(
    'UPDATE webhook_endpoint_slots SET lease_until = ? WHERE endpoint = ? AND slot = ? AND token = ?',
  );
  const remove = db.prepare<[string, number, string]>('DELETE FROM webhook_endpoint_slots WHERE endpoint = ? AND slot = ? AND token = ?');
  const count = db
    .prepare<[string, number], number>('SELECT count(*) FROM webhook_endpoint_slots WHERE endpoint = ? AND lease_until > ?')
    .pluck();

  const take = db.transaction((input: Take): number | undefined => {
    const held = new Set(live.all(input.endpoint, input.now));
    for (let slot = 0; slot < input.limit; slot++) {
      if (held.has(slot)) continue;
      upsert.run({ endpoint: input.endpoint, slot, token: input.token, owner: input.owner, until: input.until });
      return slot;
    }
    return undefined;
  });

  return {
    async acquire(endpoint, limit, lease, now) {
      const at = toMs(now, 'now');
      const token = slotToken();
      const slot = take.immediate({
        endpoint: checkEndpoint(endpoint),
        limit: checkSlotLimit(limit),
        token,
        owner: lease.owner,
        now: at,
        until: at + lease.ms,
      });
      return slot === undefined ? undefined : { endpoint, slot, token };
    },
    async renew(slot, until) {
      return extend.run(toMs(until, 'until'), slot.endpoint, slot.slot, slot.token).changes === 1;
    },
    async release(slot) {
      remove.run(slot.endpoint, slot.slot, slot.token);
    },
    async held(endpoint, now) {
      return count.get(endpoint, toMs(now, 'now')) ?? 0;
    },
  };
}
