import type { SessionRecord } from './record';

/** What claiming a session for one upstream call found. */
export type SessionClaim =
  | { status: 'claimed'; record: SessionRecord }
  /** Another call (on this or another instance) holds a live lease. */
  | { status: 'busy' }
  /** The record moved past the version the caller saw. */
  | { status: 'outdated' }
  /** Unknown, or idle past the TTL. */
  | { status: 'missing' };

/**
 * Where sessions live, keyed by sha256(token). Besides plain reads and writes, a session can be
 * leased to one call at a time, across every instance sharing the store: that is how one upstream
 * call at a time per session holds when a load balancer spreads a user's clicks over instances.
 */
export interface SessionStore {
  /**
   * The record, or undefined when unknown or idle past the TTL. Never writes: a browser polling
   * its step costs no disk write, so only a put (every step change) counts as activity.
   */
  get(key: string): Promise<SessionRecord | undefined>;
  /** Writes the record unconditionally (a new session); ends any lease; its idle expiry starts again from now. */
  put(key: string, record: SessionRecord): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Leases the session to `owner` for `leaseMs` when the record is still at `version` and no other
   * live lease holds it, in one atomic step: of two concurrent claims at most one is `claimed`.
   */
  claim(key: string, claim: { version: number; owner: string; leaseMs: number }): Promise<SessionClaim>;
  /** Extends `owner`'s lease (a long upstream call); false when `owner` no longer holds it. */
  renew(key: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Writes the record and ends the lease, only while `owner` holds it; false (nothing written) otherwise. */
  commit(key: string, record: SessionRecord, owner: string): Promise<boolean>;
  /** Ends `owner`'s lease without writing (the call failed before a result); no-op otherwise. */
  release(key: string, owner: string): Promise<void>;
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
  const entries = new Map<string, { record: SessionRecord; expiresAt: number; lease?: { owner: string; until: number } }>();

  const sweep = () => {
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  };
  const timer = setInterval(sweep, options.sweepIntervalMs ?? Math.min(ttlMs, 60_000));
  timer.unref();

  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const holds = (key: string, owner: string) => {
    const lease = live(key)?.lease;
    return lease !== undefined && lease.owner === owner;
  };

  return {
    async get(key) {
      const entry = live(key);
      if (!entry) return undefined;
      return structuredClone(entry.record);
    },
    async put(key, record) {
      entries.set(key, { record: structuredClone(record), expiresAt: now() + ttlMs });
    },
    async claim(key, { version, owner, leaseMs }) {
      const entry = live(key);
      if (!entry) return { status: 'missing' };
      if (entry.record.version !== version) return { status: 'outdated' };
      const t = now();
      if (entry.lease && entry.lease.until > t) return { status: 'busy' };
      entry.lease = { owner, until: t + leaseMs };
      entry.expiresAt = t + ttlMs;
      return { status: 'claimed', record: structuredClone(entry.record) };
    },
    async renew(key, owner, leaseMs) {
      const entry = live(key);
      if (!entry?.lease || entry.lease.owner !== owner) return false;
      entry.lease.until = now() + leaseMs;
      return true;
    },
    async commit(key, record, owner) {
      if (!holds(key, owner)) return false;
      entries.set(key, { record: structuredClone(record), expiresAt: now() + ttlMs });
      return true;
    },
    async release(key, owner) {
      const entry = live(key);
      if (entry?.lease?.owner === owner) delete entry.lease;
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
