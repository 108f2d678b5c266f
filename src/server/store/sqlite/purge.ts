import type Database from 'better-sqlite3';
import type { ProviderName } from '../../../providers/types';
import type { PurgeReport } from '../types';
import { UNMATCHED_PUSH_TTL_MS } from '../types';
import { toMs } from '../codec';

/**
 * Retention in one transaction. Collections keep their row (status `purged`, phone blanked) so a
 * lender asking later hears "purged" rather than "unknown"; their data and pushes go.
 */
export function createSqlitePurge(db: Database.Database): (before: string, at: string) => PurgeReport {
  const selectOld = db.prepare<[number], { session_id: string; provider: ProviderName; user_id: string; task_id: string }>(
    `SELECT session_id, provider, user_id, task_id FROM collections WHERE authorized_at < ? AND status <> 'purged'`,
  );
  const dropData = db.prepare<[string]>('DELETE FROM collected_data WHERE session_id = ?');
  const dropPushes = db.prepare<[string, string, string]>('DELETE FROM pushes WHERE provider = ? AND upstream_key IN (?, ?)');
  const markPurged = db.prepare<[number, number, string]>(
    `UPDATE collections SET status = 'purged', purged_at = ?, updated_at = ?, phone = '', next_attempt_at = NULL, extras_pending = '[]',
       lease_owner = NULL, lease_until = NULL
     WHERE session_id = ?`,
  );
  // Pushes that never matched a collection (or came before it) hold vendor data too: same horizon.
  const dropOldPushes = db.prepare<[number]>('DELETE FROM pushes WHERE received_at < ?');
  // A body-less push only ever served to wake a collection authorized just after it.
  const dropUnmatchedPushes = db.prepare<[number]>(`DELETE FROM pushes WHERE body = 'null' AND received_at < ?`);
  const dropEvents = db.prepare<[number]>('DELETE FROM outbox WHERE (delivered_at IS NOT NULL OR dead_at IS NOT NULL) AND created_at < ?');
  const dropSimulator = db.prepare<[number]>('DELETE FROM simulator_state WHERE updated_at < ?');

  const purge = db.transaction((before: number, at: number): PurgeReport => {
    const old = selectOld.all(before);
    let pushes = 0;
    for (const c of old) {
      dropData.run(c.session_id);
      pushes += dropPushes.run(c.provider, c.user_id, c.task_id).changes;
      markPurged.run(at, at, c.session_id);
    }
    pushes += dropOldPushes.run(before).changes;
    pushes += dropUnmatchedPushes.run(at - UNMATCHED_PUSH_TTL_MS).changes;
    return {
      collections: old.length,
      pushes,
      webhookEvents: dropEvents.run(before).changes,
      simulatorEntries: dropSimulator.run(before).changes,
    };
  });

  return (before, at) => purge.immediate(toMs(before, 'before'), toMs(at, 'at'));
}
