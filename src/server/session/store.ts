import type { SessionRecord } from './record';

/** Where sessions live, keyed by sha256(token). Narrow on purpose: a SQLite store comes next. */
export interface SessionStore {
  /**
   * The record, or undefined when unknown or idle past the TTL. Never writes: a browser polling
   * its step costs no disk write, so only a put (every step change) counts as activity.
   */
  get(key: string): Promise<SessionRecord | undefined>;
  /** Stores the record; its idle expiry starts again from now. */
  put(key: string, record: SessionRecord): Promise<void>;
  delete(key: string): Promise<void>;
  /** Stops background work (the sweep timer). */
  close(): Promise<void>;
}

export interface MemoryStoreOptions {
  /** Idle expiry. */
  ttlSeconds: number;
  /** How often expired records are dropped; defaults to min(ttl, 60 s). */
  sweepIntervalMs?: number;
  now?: () => number;
}

/**
 * In-memory store. Records are deep-copied in and out, so no object is shared with callers; they
 * were typed on the way in, so unlike a database store this one does not re-validate them.
 */
export function createMemorySessionStore(options: MemoryStoreOptions): SessionStore & { size(): number } {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlSeconds * 1000;
  const entries = new Map<string, { record: SessionRecord; expiresAt: number }>();

  const sweep = () => {
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  };
  const timer = setInterval(sweep, options.sweepIntervalMs ?? Math.min(ttlMs, 60_000));
  timer.unref();

  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return structuredClone(entry.record);
    },
    async put(key, record) {
      entries.set(key, { record: structuredClone(record), expiresAt: now() + ttlMs });
    },
    async delete(key) {
      entries.delete(key);
    },
    async close() {
      clearInterval(timer);
    },
    size() {
      sweep();
      return entries.size;
    },
  };
}
