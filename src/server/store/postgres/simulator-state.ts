import type pg from 'pg';
import type { SimulatorStateStore } from '../types';
import { parseJson, toJson } from '../codec';

export interface PgSimulatorState extends SimulatorStateStore {
  /** Resolves once every write made so far has reached the database. */
  flush(): Promise<void>;
  /** Drops cached entries last written before `ms` (the retention purge deleted their rows). */
  forgetBefore(ms: number): void;
}

/**
 * The in-process simulators' sessions. Simulators are synchronous, so the state is read once when
 * the store opens and kept in memory; writes go to the database behind them, in order. The
 * built-in simulators serve one process (see the README on several instances), so nothing else
 * writes these rows meanwhile; a write that fails is reported and the simulator goes on in memory.
 */
export async function createPgSimulatorState(
  pool: pg.Pool,
  now: () => number,
  onError: (error: unknown) => void,
): Promise<PgSimulatorState> {
  const { rows } = await pool.query<{ namespace: string; id: string; json: string; updated_at: number }>(
    'SELECT namespace, id, json, updated_at FROM simulator_state',
  );
  const cache = new Map<string, Map<string, { json: string; at: number }>>();
  const space = (namespace: string) => {
    const found = cache.get(namespace) ?? new Map<string, { json: string; at: number }>();
    cache.set(namespace, found);
    return found;
  };
  for (const row of rows) space(row.namespace).set(row.id, { json: row.json, at: row.updated_at });
  let chain: Promise<void> = Promise.resolve();
  const write = (sql: string, params: unknown[]) => {
    chain = chain.then(
      () => pool.query(sql, params).then(() => undefined),
      () => undefined,
    );
    chain = chain.catch(onError);
  };

  return {
    load(namespace) {
      const entries = new Map<string, unknown>();
      for (const [id, { json }] of cache.get(namespace) ?? []) {
        // An unreadable entry is left out: the simulator then treats that session as unknown.
        const parsed = parseJson(json);
        if (parsed) entries.set(id, parsed.value);
      }
      return entries;
    },
    save(namespace, id, value) {
      const json = toJson(value, `simulator state ${namespace}/${id}`);
      const at = now();
      space(namespace).set(id, { json, at });
      write(
        `INSERT INTO simulator_state (namespace, id, json, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (namespace, id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
        [namespace, id, json, at],
      );
    },
    delete(namespace, id) {
      cache.get(namespace)?.delete(id);
      write('DELETE FROM simulator_state WHERE namespace = $1 AND id = $2', [namespace, id]);
    },
    flush: () => chain,
    forgetBefore(ms) {
      for (const entries of cache.values()) for (const [id, entry] of entries) if (entry.at < ms) entries.delete(id);
    },
  };
}
