import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ANALYTICS_STAGES, BROWSER_EXIT_REASONS } from '../../../flow/analytics';
import { aggregateFunnel } from '../analytics-aggregate';
import type { EventRow, SessionRow, VisitRow } from '../analytics-aggregate';
import { createAnalyticsQueries } from '../sqlite/analytics-queries';
import { MIGRATIONS } from '../sqlite/migrations';

/** 2030-03-01 00:00 in Beijing. */
const BASE = Date.UTC(2030, 1, 28, 16);
const HOUR = 3_600_000;
const SCOPE = `s.lender_id = @lenderId AND s.demo = 0 AND s.created_at >= @from AND s.created_at < @to
  AND (@provider IS NULL OR s.provider = @provider) AND (@carrier IS NULL OR s.carrier = @carrier)
  AND (@province IS NULL OR s.province = @province)`;

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const time = fc.integer({ min: 0, max: 10 * 24 * HOUR });

const sessionArbitrary = fc.record({
  lender: fc.constantFrom('l1', 'l2'),
  demo: fc.constantFrom(0, 0, 0, 1),
  provider: maybe(fc.constantFrom('rong360', 'dianhua')),
  carrier: maybe(fc.constantFrom('chinaMobile', 'chinaUnicom', 'chinaTelecom')),
  province: maybe(fc.constantFrom('北京', '广东', '四川')),
  created: time,
  opened: maybe(time),
  started: maybe(time),
  authorized: maybe(time),
  dataReady: maybe(time),
  outcome: fc.constantFrom('in_progress', 'authorized', 'data_ready', 'failed', 'collect_failed'),
  visits: fc.uniqueArray(
    fc.record({
      stage: fc.constantFrom(...ANALYTICS_STAGES),
      duration: maybe(fc.integer({ min: 0, max: 600_000 })),
      passed: fc.constantFrom(0, 1),
    }),
    { selector: (visit) => visit.stage, maxLength: 4 },
  ),
  events: fc.array(
    fc.record({
      kind: fc.constantFrom('error', 'exit', 'submit'),
      stage: maybe(fc.constantFrom('password', 'sms', 'elsewhere')),
      code: maybe(fc.constantFrom('password_incorrect', 'made_up', ...BROWSER_EXIT_REASONS.slice(0, 2))),
    }),
    { maxLength: 6 },
  ),
});

let db: Database.Database | undefined;
afterEach(() => db?.close());

type GeneratedSession = typeof sessionArbitrary extends fc.Arbitrary<infer T> ? T : never;

function load(sessions: Array<GeneratedSession & { id: string }>): Database.Database {
  const created = new Database(':memory:');
  for (const migration of MIGRATIONS) created.exec(migration.sql);
  const insertSession = created.prepare(
    `INSERT INTO analytics_sessions (session_id, lender_id, provider, carrier, province, demo, created_at, updated_at, opened_at,
       started_at, authorized_at, data_ready_at, outcome, events)
     VALUES (@id, @lender, @provider, @carrier, @province, @demo, @created, @created, @opened, @started, @authorized, @dataReady, @outcome, 0)`,
  );
  const insertVisit = created.prepare(
    `INSERT INTO analytics_visits (session_id, stage, entered_at, duration_ms, passed) VALUES (?, ?, 0, ?, ?)`,
  );
  const insertEvent = created.prepare(
    `INSERT INTO analytics_events (session_id, at, since_start_ms, kind, source, stage, fields, code) VALUES (?, 0, 0, ?, 'server', ?, '[]', ?)`,
  );
  for (const session of sessions) {
    insertSession.run({ ...session, created: BASE + session.created });
    for (const visit of session.visits) insertVisit.run(session.id, visit.stage, visit.duration, visit.passed);
    for (const event of session.events) insertEvent.run(session.id, event.kind, event.stage, event.code);
  }
  return created;
}

/** The funnel as every store computed it before SQLite grouped in SQL: the plain rows, aggregated in JavaScript. */
function fromRows(database: Database.Database, params: Record<string, string | number | null>) {
  const sessions = database
    .prepare(
      `SELECT s.provider, s.carrier, s.province, s.created_at, s.opened_at, s.started_at, s.authorized_at, s.data_ready_at, s.outcome
       FROM analytics_sessions s WHERE ${SCOPE}`,
    )
    .raw(true)
    .all(params) as SessionRow[];
  const visits = database
    .prepare(
      `SELECT v.stage, v.duration_ms, v.passed FROM analytics_sessions s JOIN analytics_visits v ON v.session_id = s.session_id WHERE ${SCOPE}`,
    )
    .raw(true)
    .all(params) as VisitRow[];
  const events = database
    .prepare(
      `SELECT e.kind, e.stage, e.code, e.session_id FROM analytics_sessions s
       JOIN analytics_events e ON e.session_id = s.session_id AND e.kind IN ('error', 'exit') WHERE ${SCOPE}`,
    )
    .raw(true)
    .all(params) as EventRow[];
  return aggregateFunnel(sessions, visits, events);
}

describe('the SQLite funnel, grouped in SQL', () => {
  it('gives exactly the figures of the plain rows aggregated in JavaScript, for any history and filter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(sessionArbitrary, { maxLength: 40 }),
        fc.record({
          provider: maybe(fc.constantFrom('rong360', 'dianhua')),
          carrier: maybe(fc.constantFrom('chinaMobile', 'chinaTelecom')),
          province: maybe(fc.constantFrom('北京', '四川')),
          fromHours: fc.integer({ min: 0, max: 5 * 24 }),
          hours: fc.integer({ min: 1, max: 12 * 24 }),
        }),
        async (history, filter) => {
          db?.close();
          db = load(history.map((session, i) => ({ ...session, id: `ses_${String(i).padStart(12, '0')}` })));
          const from = BASE + filter.fromHours * HOUR;
          const to = from + filter.hours * HOUR;
          const scope = {
            lenderId: 'l1',
            from: new Date(from).toISOString(),
            to: new Date(to).toISOString(),
            ...(filter.provider && { provider: filter.provider }),
            ...(filter.carrier && { carrier: filter.carrier }),
            ...(filter.province && { province: filter.province }),
          };
          const grouped = await createAnalyticsQueries(db).funnel(scope);
          const expected = fromRows(db, {
            lenderId: 'l1',
            from,
            to,
            provider: filter.provider,
            carrier: filter.carrier,
            province: filter.province,
          });
          expect(grouped).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('counts a session that failed one step twice with the same code once among the sessions', async () => {
    const session = {
      lender: 'l1',
      demo: 0,
      provider: 'rong360',
      carrier: 'chinaMobile',
      province: null,
      created: HOUR,
      opened: null,
      started: null,
      authorized: null,
      dataReady: null,
      outcome: 'in_progress',
      visits: [],
      events: [
        { kind: 'error', stage: 'password', code: 'password_incorrect' },
        { kind: 'error', stage: 'password', code: 'password_incorrect' },
        { kind: 'exit', stage: 'elsewhere', code: 'user_closed' },
        { kind: 'exit', stage: null, code: 'user_closed' },
      ],
    } as const satisfies GeneratedSession;
    db = load([
      { ...session, id: 'ses_000000000001' },
      { ...session, id: 'ses_000000000002', events: session.events.slice(0, 1) },
    ]);
    const funnel = await createAnalyticsQueries(db).funnel({
      lenderId: 'l1',
      from: new Date(BASE).toISOString(),
      to: new Date(BASE + 2 * HOUR).toISOString(),
    });
    expect(funnel.stages.find((stage) => stage.stage === 'password')?.topErrors).toEqual([
      { code: 'password_incorrect', count: 3, sessions: 2 },
    ]);
    // An unknown stage and no stage are both the unknown stage: one row.
    expect(funnel.exits).toEqual([{ stage: null, reason: 'user_closed', count: 2 }]);
  });
});
