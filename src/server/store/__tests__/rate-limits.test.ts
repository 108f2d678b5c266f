import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../sqlite/open';
import type { DurableStore } from '../types';
import { sessionRecord, tempDir } from '../../../test-support/store/fixtures';

// The store's rateLimiter(): abuse-limit counters in the durable store itself, so every process on
// the store shares them and a restart keeps them.

const stores: DurableStore[] = [];
const dirs: Array<{ cleanup(): void }> = [];
const freshFile = (name: string) => {
  const temp = tempDir();
  dirs.push(temp);
  return join(temp.dir, name);
};
const openAt = (path: string) => {
  const store = openSqliteStore({ path, sessionTtlSeconds: 60 });
  stores.push(store);
  return store;
};
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) dir.cleanup();
});

async function refusal(work: Promise<unknown>): Promise<RateLimiterRes> {
  try {
    await work;
  } catch (error) {
    if (error instanceof RateLimiterRes) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the store rate limiter', () => {
  it('refuses past its points with the wait, per key, apart from other limits', async () => {
    const store = openAt(':memory:');
    const limit = store.rateLimiter({ keyPrefix: 'starts', points: 2, durationSeconds: 60 });
    const other = store.rateLimiter({ keyPrefix: 'other', points: 1, durationSeconds: 60 });
    await limit.consume('a');
    await limit.consume('a');
    const refused = await refusal(limit.consume('a'));
    expect(refused.remainingPoints).toBe(0);
    expect(refused.msBeforeNext).toBeGreaterThan(55_000);
    expect(refused.msBeforeNext).toBeLessThanOrEqual(60_000);
    await limit.consume('b');
    await other.consume('a');
  });

  it('shares its counts with every store opened on the file, and keeps them across a restart', async () => {
    const path = freshFile('limits.sqlite');
    const first = openAt(path);
    const second = openAt(path);
    const options = { keyPrefix: 'sms', points: 3, durationSeconds: 600 };
    await first.rateLimiter(options).consume('n1');
    await second.rateLimiter(options).consume('n1');
    await first.close();
    const restarted = openAt(path);
    await restarted.rateLimiter(options).consume('n1');
    await refusal(second.rateLimiter(options).consume('n1'));
    expect((await restarted.rateLimiter(options).get('n1'))?.consumedPoints).toBe(4);
  });

  it('refuses a key prefix that could mix two limits, and points or durations that are not whole', () => {
    const store = openAt(':memory:');
    for (const keyPrefix of ['', 'Sms', 'a:b', 'x'.repeat(33)]) {
      expect(() => store.rateLimiter({ keyPrefix, points: 1, durationSeconds: 1 })).toThrow(TypeError);
    }
    expect(() => store.rateLimiter({ keyPrefix: 'ok', points: 0, durationSeconds: 1 })).toThrow(TypeError);
    expect(() => store.rateLimiter({ keyPrefix: 'ok', points: 1, durationSeconds: 1.5 })).toThrow(TypeError);
  });
});

describe('deleted rows', () => {
  it('leave no trace in the database file (secure_delete)', async () => {
    const path = freshFile('erase.sqlite');
    const store = openAt(path);
    const marker = 'PASSWORD-MARKER-4f1c9a';
    await store.sessions.put('k', { ...sessionRecord('ses_erase'), adapterState: { inputs: { password: marker } } });
    await store.sessions.delete('k');
    // Move everything into the main file and empty the WAL, as a checkpoint at any time would.
    const reader = new Database(path);
    reader.pragma('wal_checkpoint(TRUNCATE)');
    reader.close();
    expect(readFileSync(path).includes(Buffer.from(marker))).toBe(false);
  });
});
