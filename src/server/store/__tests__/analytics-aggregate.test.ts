import { describe, expect, it } from 'vitest';
import { aggregateFunnel, medianOf } from '../analytics-aggregate';
import type { EventRow, SessionRow, VisitRow } from '../analytics-aggregate';

/** 2030-03-01 00:00 in Beijing (UTC+8) is 2030-02-28 16:00 UTC. */
const BEIJING_MIDNIGHT = Date.UTC(2030, 1, 28, 16);

const session = (
  parts: Partial<Record<'provider' | 'carrier' | 'province', string | null>> & { at?: number; toAuthorize?: number | null },
): SessionRow => {
  const created = parts.at ?? BEIJING_MIDNIGHT;
  const started = created + 1_000;
  const authorized = parts.toAuthorize === undefined || parts.toAuthorize === null ? null : started + parts.toAuthorize;
  return [
    'provider' in parts ? (parts.provider ?? null) : 'rong360',
    'carrier' in parts ? (parts.carrier ?? null) : 'chinaMobile',
    parts.province ?? null,
    created,
    created + 500,
    started,
    authorized,
    null,
    authorized === null ? 'in_progress' : 'authorized',
  ];
};

describe('the funnel aggregation every store shares', () => {
  it('takes the middle value, or the mean of the two middle ones, and nothing for no values', () => {
    expect(medianOf([30, 10, 20])).toBe(20);
    expect(medianOf([40, 10, 30, 20])).toBe(25);
    expect(medianOf([1, 2])).toBe(2); // 1.5 rounds half up
    expect(medianOf([])).toBeNull();
  });

  it('puts a session created just after Beijing midnight on the Beijing day, not the UTC one', () => {
    const funnel = aggregateFunnel(
      [session({ at: BEIJING_MIDNIGHT - 1 }), session({ at: BEIJING_MIDNIGHT + 1, toAuthorize: 5_000 })],
      [],
      [],
    );
    expect(funnel.daily).toEqual([
      { day: '2030-02-28', sessions: 1, started: 1, authorized: 0 },
      { day: '2030-03-01', sessions: 1, started: 1, authorized: 1 },
    ]);
  });

  it('orders breakdown rows by sessions, unknown values last, with a median time to authorize each', () => {
    const funnel = aggregateFunnel(
      [
        session({ carrier: null, toAuthorize: 1_000 }),
        session({ carrier: 'chinaUnicom', toAuthorize: 10_000 }),
        session({ carrier: 'chinaTelecom', toAuthorize: 4_000 }),
        session({ carrier: 'chinaTelecom', toAuthorize: 8_000 }),
      ],
      [],
      [],
    );
    expect(funnel.breakdown.carrier.map((row) => [row.value, row.sessions, row.medianToAuthorizeMs])).toEqual([
      ['chinaTelecom', 2, 6_000],
      ['chinaUnicom', 1, 10_000],
      [null, 1, 1_000],
    ]);
    expect(funnel.totals.medianToAuthorizeMs).toBe(6_000);
  });

  it('keeps the five most frequent error codes of a stage, counting sessions once each', () => {
    const events: EventRow[] = [];
    ['a', 'b', 'c', 'd', 'e', 'f'].forEach((code, i) => {
      for (let n = 0; n <= i; n += 1) events.push(['error', 'password', code, `ses_${n % 2}`]);
    });
    const password = aggregateFunnel([], [], events).stages.find((stage) => stage.stage === 'password');
    expect(password?.errors).toBe(21);
    expect(password?.topErrors).toEqual([
      { code: 'f', count: 6, sessions: 2 },
      { code: 'e', count: 5, sessions: 2 },
      { code: 'd', count: 4, sessions: 2 },
      { code: 'c', count: 3, sessions: 2 },
      { code: 'b', count: 2, sessions: 2 },
    ]);
  });

  it('times a stage only from visits that got through it, and drops exits with a reason it does not know', () => {
    const visits: VisitRow[] = [
      ['sms', 10_000, 1],
      ['sms', 30_000, 1],
      ['sms', 900_000, 0],
      ['sms', null, 1],
    ];
    const events: EventRow[] = [
      ['exit', 'sms', 'user_closed', 'ses_1'],
      ['exit', 'sms', 'user_closed', 'ses_2'],
      ['exit', 'nowhere', 'page_left', 'ses_3'],
      ['exit', 'sms', 'made_up', 'ses_4'],
    ];
    const funnel = aggregateFunnel([], visits, events);
    expect(funnel.stages.find((stage) => stage.stage === 'sms')).toMatchObject({ reached: 4, passed: 3, medianMs: 20_000 });
    expect(funnel.exits).toEqual([
      { stage: 'sms', reason: 'user_closed', count: 2 },
      { stage: null, reason: 'page_left', count: 1 },
    ]);
  });
});
