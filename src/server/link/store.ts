import { linkState } from './schemas';
import type { LinkRecord } from './schemas';

/** How long a link is kept after it expires, so the widget can still say "used" or "expired" and frame itself. */
export const LINK_RETENTION_MS = 24 * 60 * 60 * 1000;

/** What using up a link found. */
export type ConsumeResult = 'ok' | 'used' | 'expired' | 'unknown';

/** Where links live, keyed by sha256(link token). Narrow on purpose: memory, SQLite and PostgreSQL implement it alike. */
export interface LinkStore {
  put(key: string, record: LinkRecord): Promise<void>;
  /** The record whatever its state, until LINK_RETENTION_MS past its expiry; undefined after or when unknown. */
  get(key: string): Promise<LinkRecord | undefined>;
  /**
   * Marks the link used at `now` if it is unused, in one atomic step: of two concurrent calls for
   * one key, exactly one answers `ok`.
   */
  consume(key: string, now: number): Promise<ConsumeResult>;
  /** Stops background work (the sweep timer). */
  close(): Promise<void>;
}

export interface MemoryLinkStoreOptions {
  /** How often forgotten links are dropped (default 60 s). */
  sweepIntervalMs?: number;
  now?: () => number;
}

/** In-memory store; records are deep-copied in and out, and the read-check-write of `consume` never awaits. */
export function createMemoryLinkStore(options: MemoryLinkStoreOptions = {}): LinkStore & { size(): number } {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { record: LinkRecord; forgetAt: number }>();

  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.forgetAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = () => {
    const t = now();
    for (const [key, entry] of entries) if (entry.forgetAt <= t) entries.delete(key);
  };
  const timer = setInterval(sweep, options.sweepIntervalMs ?? 60_000);
  timer.unref();

  return {
    async put(key, record) {
      entries.set(key, { record: structuredClone(record), forgetAt: Date.parse(record.expiresAt) + LINK_RETENTION_MS });
    },
    async get(key) {
      const entry = live(key);
      return entry ? structuredClone(entry.record) : undefined;
    },
    async consume(key, at) {
      const entry = live(key);
      if (!entry) return 'unknown';
      const state = linkState(entry.record, at);
      if (state !== 'unused') return state;
      entry.record.usedAt = new Date(at).toISOString();
      return 'ok';
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
