import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAnalyticsReader } from '../sqlite/analytics-reader';
import type { AnalyticsReader } from '../sqlite/analytics-reader';
import { openSqliteStore } from '../sqlite/open';
import type { AnalyticsEventInput, DurableStore } from '../types';
import { T0, at, tempDir } from '../../../test-support/store/fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Sessions of lender `acme` that open, start, fail a password once each third, and authorize each second. */
async function seed(store: DurableStore, sessions: number): Promise<void> {
  const events: AnalyticsEventInput[] = [];
  for (let i = 0; i < sessions; i++) {
    const context = {
      lenderId: 'acme',
      provider: 'rong360' as const,
      carrier: i % 2 ? ('chinaMobile' as const) : ('chinaUnicom' as const),
      province: null,
      demo: false,
    };
    const base = {
      sessionId: `ses_${String(i).padStart(12, '0')}`,
      source: 'server' as const,
      screen: null,
      fields: [],
      code: null,
      field: null,
      upstreamCode: null,
      context,
    };
    let t = T0 + i * 1000;
    const push = (input: Partial<AnalyticsEventInput> & Pick<AnalyticsEventInput, 'kind' | 'stage'>) => {
      events.push({ ...base, at: new Date((t += 4000)).toISOString(), ...input });
    };
    push({ kind: 'link_created', stage: 'link', context: { ...context, provider: null } });
    push({ kind: 'session_started', stage: 'phone' });
    push({ kind: 'step_entered', stage: 'password' });
    if (i % 3 === 0) push({ kind: 'error', stage: 'password', code: 'password_incorrect', field: 'servicePassword' });
    if (i % 2 === 0) push({ kind: 'authorized', stage: 'authorized' });
  }
  await store.analytics.record(events);
}

describe('the SQLite funnel reader thread', () => {
  it('answers the same funnel as the query run in place, from its own connection to the file', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'store.db');
    const store = openSqliteStore({ path, sessionTtlSeconds: 60, now: () => T0 });
    cleanups.push(cleanup, () => store.close());
    await seed(store, 40);
    const reader: AnalyticsReader | undefined = startAnalyticsReader(path);
    expect(reader).toBeDefined();
    cleanups.push(() => reader?.close());
    const scope = { lenderId: 'acme', from: at(-60), to: at(120) };

    const inPlace = await store.analytics.funnel(scope);
    expect(inPlace.totals.authorized).toBe(20);
    expect(await reader!.funnel(scope)).toEqual(inPlace);
    expect(await reader!.funnel({ ...scope, carrier: 'chinaMobile' })).toEqual(
      await store.analytics.funnel({ ...scope, carrier: 'chinaMobile' }),
    );

    // It reads what the server committed since.
    await seed(store, 50);
    expect((await reader!.funnel(scope)).totals.sessions).toBe(50);
  });

  it('serves the store funnel through the thread when asked to, and stops with the store', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'store.db');
    const store = openSqliteStore({ path, sessionTtlSeconds: 60, now: () => T0, analyticsReader: true });
    cleanups.push(cleanup);
    await seed(store, 10);
    const funnel = await store.analytics.funnel({ lenderId: 'acme', from: at(-60), to: at(120) });
    expect(funnel.totals).toMatchObject({ sessions: 10, authorized: 5 });
    await store.close();
  });

  it('refuses once closed, so the store runs the query in place', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'store.db');
    const store = openSqliteStore({ path, sessionTtlSeconds: 60, now: () => T0 });
    cleanups.push(cleanup, () => store.close());
    const reader = startAnalyticsReader(path);
    await reader?.close();
    await expect(reader!.funnel({ lenderId: 'acme', from: at(0), to: at(1) })).rejects.toThrow(/not running/);
  });
});
