import type Database from 'better-sqlite3';
import * as z from 'zod';
import type { ProviderName } from '../../../providers/types';
import type { PushInput, PushStore } from '../types';
import { readJson, toIso, toJson, toMs } from '../codec';

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

/** Vendor pushes, once each by dedupe key; recording one can wake its collection in the same transaction. */
export function createSqlitePushStore(db: Database.Database, wake: (sessionId: string, atMs: number) => void): PushStore {
  const insert = db.prepare<{
    provider: string;
    kind: string;
    upstreamKey: string;
    ok: number;
    dedupeKey: string;
    body: string;
    receivedAt: number;
  }>(
    `INSERT INTO pushes (provider, kind, upstream_key, ok, dedupe_key, body, received_at)
     VALUES (@provider, @kind, @upstreamKey, @ok, @dedupeKey, @body, @receivedAt)
     ON CONFLICT (dedupe_key) DO NOTHING`,
  );
  const selectByUpstream = db.prepare<[string, string], PushRow>(
    'SELECT * FROM pushes WHERE provider = ? AND upstream_key = ? ORDER BY id',
  );

  const record = db.transaction((push: PushInput, receivedAt: number, body: string, sessionId: string | undefined) => {
    const params = {
      provider: push.provider,
      kind: push.kind,
      upstreamKey: push.upstreamKey,
      ok: push.ok ? 1 : 0,
      dedupeKey: push.dedupeKey,
      body,
      receivedAt,
    };
    const duplicate = insert.run(params).changes === 0;
    // A vendor's retry changes nothing, not even the collection's schedule.
    if (!duplicate && sessionId !== undefined) wake(sessionId, receivedAt);
    return { duplicate };
  });

  return {
    async record(push, wakeTarget) {
      // A body-less push is stored as JSON null.
      const body = toJson(push.body ?? null, 'push body');
      return record.immediate(push, toMs(push.receivedAt, 'receivedAt'), body, wakeTarget?.sessionId);
    },
    async list(provider, upstreamKey) {
      return selectByUpstream.all(provider, upstreamKey).map((row) => ({
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
