import type pg from 'pg';
import * as z from 'zod';
import type { ProviderName } from '../../../providers/types';
import type { PushStore } from '../types';
import { readJson, toIso, toJson, toMs } from '../codec';
import { wakeCollection } from './collections';
import { inTransaction } from './sql';

interface PushRow {
  id: number;
  provider: ProviderName;
  kind: string;
  upstream_key: string;
  ok: number;
  dedupe_key: string;
  body: string;
  received_at: number;
}

/** Vendor pushes, once each by dedupe key; recording one wakes its collection in the same transaction. */
export function createPgPushStore(pool: pg.Pool): PushStore {
  return {
    async record(push, wake) {
      // A body-less push is stored as JSON null.
      const body = toJson(push.body ?? null, 'push body');
      const receivedAt = toMs(push.receivedAt, 'receivedAt');
      return inTransaction(pool, async (client) => {
        const inserted = await client.query(
          `INSERT INTO pushes (provider, kind, upstream_key, ok, dedupe_key, body, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (dedupe_key) DO NOTHING`,
          [push.provider, push.kind, push.upstreamKey, push.ok ? 1 : 0, push.dedupeKey, body, receivedAt],
        );
        const duplicate = inserted.rowCount === 0;
        // A vendor's retry changes nothing, not even the collection's schedule.
        if (!duplicate && wake !== undefined) await wakeCollection(client, wake.sessionId, receivedAt);
        return { duplicate };
      });
    },
    async list(provider, upstreamKey) {
      const { rows } = await pool.query<PushRow>('SELECT * FROM pushes WHERE provider = $1 AND upstream_key = $2 ORDER BY id', [
        provider,
        upstreamKey,
      ]);
      return rows.map((row) => ({
        id: row.id,
        provider: row.provider,
        kind: row.kind,
        upstreamKey: row.upstream_key,
        ok: row.ok === 1,
        dedupeKey: row.dedupe_key,
        body: readJson(row.body, z.unknown(), `body of push ${row.id}`),
        receivedAt: toIso(row.received_at),
      }));
    },
  };
}
