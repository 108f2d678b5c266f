import { describe, expect, it } from 'vitest';
import { createOutageDetector, detectOutages } from '../../outage/detector';
import type { AnalyticsContext, AnalyticsEventInput, AnalyticsEventKind } from '../types';
import { STORE_KINDS, T0, iso, storesAt } from '../../../test-support/store/fixtures';

let clock = T0;
const open = storesAt(() => clock);

const TELECOM_SH: AnalyticsContext = { lenderId: 'acme', provider: 'dianhua', carrier: 'chinaTelecom', province: '上海', demo: false };
const MOBILE: AnalyticsContext = { ...TELECOM_SH, carrier: 'chinaMobile', province: null };

function ev(
  sessionId: string,
  minutes: number,
  kind: AnalyticsEventKind,
  context: AnalyticsContext,
  code: string | null = null,
): AnalyticsEventInput {
  return {
    sessionId,
    at: iso(T0 + minutes * 60_000),
    kind,
    source: 'server',
    stage: null,
    screen: null,
    fields: [],
    code,
    field: null,
    upstreamCode: null,
    context,
  };
}

/** A session started at `minutes`, ending in `code` (an error) or fine. */
const session = (id: string, minutes: number, context: AnalyticsContext, code?: string): AnalyticsEventInput[] => [
  ev(id, minutes, 'session_started', context),
  ...(code ? [ev(id, minutes + 1, code === 'upstream_maintenance' ? 'failed' : 'error', context, code)] : []),
];

describe.each(STORE_KINDS)('%s outage counts', (kind) => {
  it('counts recent started sessions per carrier and province, and those that failed upstream', async () => {
    clock = T0;
    const store = await open(kind);
    await store.analytics.record([
      // Six Shanghai Telecom sessions in the window, four failed upstream (one by a wrong password: not counted).
      ...session('s1', 10, TELECOM_SH, 'upstream_maintenance'),
      ...session('s2', 11, TELECOM_SH, 'upstream_unavailable'),
      ...session('s3', 12, TELECOM_SH, 'upstream_timeout'),
      ...session('s4', 13, TELECOM_SH, 'password_incorrect'),
      ...session('s5', 14, TELECOM_SH),
      ...session('s6', 15, TELECOM_SH, 'upstream_maintenance'),
      // Older than the window; a demo session; a mobile number whose province is unknown.
      ...session('old', -30, TELECOM_SH, 'upstream_maintenance'),
      ...session('demo', 12, { ...TELECOM_SH, demo: true }, 'upstream_maintenance'),
      ...session('m1', 12, MOBILE, 'upstream_unavailable'),
      // A link opened long before its session started still counts from its start.
      ev('late', -600, 'link_created', { ...MOBILE, provider: null }),
      ev('late', 14, 'session_started', MOBILE),
    ]);
    const since = iso(T0);
    const counts = await store.analytics.outageCounts({ since, demo: false });
    const sorted = [...counts].sort((a, b) => a.carrier.localeCompare(b.carrier));
    expect(sorted).toEqual([
      { carrier: 'chinaMobile', province: null, sessions: 2, failed: 1 },
      { carrier: 'chinaTelecom', province: '上海', sessions: 6, failed: 4 },
    ]);
    expect(await store.analytics.outageCounts({ since, demo: true })).toEqual([
      { carrier: 'chinaTelecom', province: '上海', sessions: 1, failed: 1 },
    ]);
  });
});

describe('outage detection', () => {
  const settings = { windowMinutes: 15, minSessions: 5, failureShare: 0.5, cacheSeconds: 30 };

  it('needs both the session count and the failure share', () => {
    expect(
      detectOutages(
        [
          { carrier: 'chinaTelecom', province: '上海', sessions: 6, failed: 3 },
          { carrier: 'chinaMobile', province: null, sessions: 4, failed: 4 },
          { carrier: 'chinaUnicom', province: '广东', sessions: 10, failed: 4 },
        ],
        settings,
      ),
    ).toEqual([{ carrier: 'chinaTelecom', province: '上海' }]);
  });

  it('reuses one computation for the cache time, and answers the last figures when the store fails', async () => {
    let now = T0;
    let reads = 0;
    let broken = false;
    const detector = createOutageDetector({
      settings,
      now: () => now,
      store: {
        async outageCounts({ since }) {
          reads += 1;
          expect(since).toBe(iso(now - 15 * 60_000));
          if (broken) throw new Error('down');
          return [{ carrier: 'chinaTelecom', province: null, sessions: 5, failed: 5 }];
        },
      },
    });
    const [first, second] = await Promise.all([detector.current(false), detector.current(false)]);
    expect(first.outages).toEqual([{ carrier: 'chinaTelecom', province: null }]);
    expect(second).toBe(first);
    now += 29_000;
    await detector.current(false);
    expect(reads).toBe(1);
    now += 2_000;
    broken = true;
    expect((await detector.current(false)).outages).toEqual([{ carrier: 'chinaTelecom', province: null }]);
    expect(reads).toBe(2);
  });
});
