import type pg from 'pg';
import type { ProviderName } from '../../../providers/types';
import type { PurgeReport } from '../types';
import { UNMATCHED_PUSH_TTL_MS } from '../types';
import { toMs } from '../codec';
import { inTransaction } from './sql';

/**
 * Retention in one transaction, as in SQLite: collections keep their row (status `purged`, phone
 * blanked), their data and pushes go. Instances purging at the same moment serialize on the row
 * locks; the later one finds nothing left.
 */
export function createPgPurge(pool: pg.Pool): (before: string, at: string) => Promise<PurgeReport> {
  return async (beforeIso, atIso) => {
    const before = toMs(beforeIso, 'before');
    const at = toMs(atIso, 'at');
    return inTransaction(pool, async (client) => {
      const { rows: old } = await client.query<{ session_id: string; provider: ProviderName; user_id: string; task_id: string }>(
        `SELECT session_id, provider, user_id, task_id FROM collections WHERE authorized_at < $1 AND status <> 'purged' FOR UPDATE`,
        [before],
      );
      let pushes = 0;
      if (old.length > 0) {
        const ids = old.map((c) => c.session_id);
        await client.query('DELETE FROM collected_data WHERE session_id = ANY($1::text[])', [ids]);
        const dropped = await client.query(
          `DELETE FROM pushes p USING unnest($1::text[], $2::text[], $3::text[]) AS c(provider, user_id, task_id)
           WHERE p.provider = c.provider AND p.upstream_key IN (c.user_id, c.task_id)`,
          [old.map((c) => c.provider), old.map((c) => c.user_id), old.map((c) => c.task_id)],
        );
        pushes += dropped.rowCount ?? 0;
        await client.query(
          `UPDATE collections SET status = 'purged', purged_at = $1, updated_at = $1, phone = '', next_attempt_at = NULL,
             extras_pending = '[]', lease_owner = NULL, lease_until = NULL
           WHERE session_id = ANY($2::text[])`,
          [at, ids],
        );
      }
      // Pushes that never matched a collection (or came before it) hold vendor data too: same horizon.
      pushes += (await client.query('DELETE FROM pushes WHERE received_at < $1', [before])).rowCount ?? 0;
      // A body-less push only ever served to wake a collection authorized just after it.
      pushes +=
        (await client.query(`DELETE FROM pushes WHERE body = 'null' AND received_at < $1`, [at - UNMATCHED_PUSH_TTL_MS])).rowCount ?? 0;
      const webhookEvents = await client.query(
        'DELETE FROM outbox WHERE (delivered_at IS NOT NULL OR dead_at IS NOT NULL) AND created_at < $1',
        [before],
      );
      const simulator = await client.query('DELETE FROM simulator_state WHERE updated_at < $1', [before]);
      return {
        collections: old.length,
        pushes,
        webhookEvents: webhookEvents.rowCount ?? 0,
        simulatorEntries: simulator.rowCount ?? 0,
      };
    });
  };
}
