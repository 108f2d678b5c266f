import type Database from 'better-sqlite3';
import type { SimulatorStateStore } from '../types';
import { parseJson, toJson } from '../codec';

/**
 * The in-process simulators' sessions, so a restart finds the fake upstream where it was.
 * Synchronous by contract (simulators are), which better-sqlite3 allows.
 */
export function createSqliteSimulatorState(db: Database.Database, now: () => number): SimulatorStateStore {
  const selectAll = db.prepare<[string], { id: string; json: string }>('SELECT id, json FROM simulator_state WHERE namespace = ?');
  const upsert = db.prepare<[string, string, string, number]>(
    `INSERT INTO simulator_state (namespace, id, json, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (namespace, id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string, string]>('DELETE FROM simulator_state WHERE namespace = ? AND id = ?');

  return {
    load(namespace) {
      const entries = new Map<string, unknown>();
      for (const row of selectAll.all(namespace)) {
        // An unreadable entry is left out: the simulator then treats that session as unknown.
        const parsed = parseJson(row.json);
        if (parsed) entries.set(row.id, parsed.value);
      }
      return entries;
    },
    save(namespace, id, value) {
      upsert.run(namespace, id, toJson(value, `simulator state ${namespace}/${id}`), now());
    },
    delete(namespace, id) {
      remove.run(namespace, id);
    },
  };
}
