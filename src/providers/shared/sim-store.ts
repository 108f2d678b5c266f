import type { SimulatorStateStore } from './sim-state';

/**
 * A simulator's session map, written through to a SimulatorStateStore (when one is given) so a
 * new simulator process continues the same sessions. Values are mutated in place by the
 * simulators; `touch` writes one again after such a change.
 */
export interface PersistedMap<V> {
  get(id: string): V | undefined;
  has(id: string): boolean;
  set(id: string, value: V): void;
  delete(id: string): void;
  /** Writes the current value of `id` again (after an in-place change); no-op when absent. */
  touch(id: string): void;
  values(): IterableIterator<V>;
  readonly size: number;
}

export interface PersistedMapOptions<V> {
  state?: SimulatorStateStore;
  namespace: string;
  /** The plain-JSON form saved (default: the value itself). */
  encode?: (value: V) => unknown;
  /** A saved value back, or undefined when it does not parse (it is then dropped from the state). */
  decode: (raw: unknown, id: string) => V | undefined;
  /** Past this many entries the oldest is forgotten (a simulator must not grow without bound). */
  max?: number;
}

export function createPersistedMap<V>(options: PersistedMapOptions<V>): PersistedMap<V> {
  const { state, namespace } = options;
  const encode = options.encode ?? ((value: V) => value);
  const map = new Map<string, V>();
  for (const [id, raw] of state?.load(namespace) ?? []) {
    const value = options.decode(raw, id);
    if (value === undefined) state?.delete(namespace, id);
    else map.set(id, value);
  }

  const remove = (id: string) => {
    map.delete(id);
    state?.delete(namespace, id);
  };

  return {
    get: (id) => map.get(id),
    has: (id) => map.has(id),
    set(id, value) {
      if (options.max !== undefined && !map.has(id) && map.size >= options.max) {
        const oldest = map.keys().next().value;
        if (oldest !== undefined) remove(oldest);
      }
      map.set(id, value);
      state?.save(namespace, id, encode(value));
    },
    delete: remove,
    touch(id) {
      const value = map.get(id);
      if (value !== undefined) state?.save(namespace, id, encode(value));
    },
    values: () => map.values(),
    get size() {
      return map.size;
    },
  };
}
