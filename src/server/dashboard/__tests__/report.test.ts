import { describe, expect, it } from 'vitest';
import type { Call, CollectedData, Sms } from '../../../providers/data-model';
import { collectedData } from '../../../test-support/store/fixtures';
import { TOP_CONTACTS, buildReport } from '../report';

const call = (time: string, peer: string, durationSeconds: number, direction: Call['direction'] = 'outgoing'): Call => ({
  time,
  durationSeconds,
  direction,
  directionText: null,
  peer,
  place: null,
  peerPlace: null,
  roaming: null,
  costFen: null,
  carrierType: null,
});
const sms = (time: string, peer: string, direction: Sms['direction'] = 'sent'): Sms => ({ time, peer, direction });
const bill = (month: string, totalFen: number | null) => ({
  month,
  totalFen,
  breakdown: {
    packageFen: null,
    extraCallsFen: null,
    extraDataFen: null,
    extraSmsFen: null,
    valueAddedFen: null,
    collectedForOthersFen: null,
    otherFen: null,
  },
});

function data(overrides: Partial<CollectedData>): CollectedData {
  return { ...collectedData('dianhua'), calls: [], sms: [], bills: [], ...overrides };
}

describe('the session report', () => {
  it('counts calls, SMS and bills per Beijing month, oldest first, gaps included', () => {
    const report = buildReport(
      'ses_1',
      'dianhua',
      '2030-03-02T00:00:00.000Z',
      data({
        calls: [
          call('2030-02-28T23:30:00+08:00', '13900000001', 60),
          // 2030-01-31 16:30 UTC is already February 1st in Beijing.
          call('2030-01-31T16:30:00Z', '13900000001', 30, 'incoming'),
          call('2029-12-15T10:00:00+08:00', '13900000002', 120),
        ],
        sms: [sms('2030-02-01T09:00:00+08:00', '13900000001'), sms('2030-02-02T09:00:00+08:00', '10086', 'received')],
        bills: [bill('2030-02', 5800), bill('2029-12', null)],
        missingMonths: { calls: ['2030-01'], callsPossibly: [], sms: ['2030-01'], bills: ['2030-01'] },
      }),
    );
    expect(report.months.map((m) => [m.month, m.calls, m.callsOutgoing, m.callsIncoming, m.callSeconds, m.sms, m.billFen])).toEqual([
      ['2029-12', 1, 1, 0, 120, 0, null],
      ['2030-01', 0, 0, 0, 0, 0, null],
      ['2030-02', 2, 1, 1, 90, 2, 5800],
    ]);
    expect(report.missingMonths).toEqual({ calls: ['2030-01'], callsPossibly: [], sms: ['2030-01'], bills: ['2030-01'] });
    expect(report.totals).toEqual({ calls: 3, sms: 2, bills: 2, contacts: 3, callSeconds: 210, nightCalls: 2 });
  });

  it('measures the night-call share from 23:00 to 05:59 Beijing time', () => {
    const report = buildReport(
      'ses_1',
      'rong360',
      '2030-03-02T00:00:00.000Z',
      data({
        calls: [
          call('2030-02-01T22:59:59+08:00', 'a', 1),
          call('2030-02-01T23:00:00+08:00', 'a', 1),
          call('2030-02-02T05:59:59+08:00', 'a', 1),
          call('2030-02-02T06:00:00+08:00', 'a', 1),
        ],
      }),
    );
    expect(report.nightShare).toBe(0.5);
    expect(report.months[0]?.nightCalls).toBe(2);
    expect(buildReport('ses_1', 'rong360', '2030-03-02T00:00:00.000Z', data({})).nightShare).toBeNull();
  });

  it('ranks the top contacts by calls, then talk time, with their SMS and last contact', () => {
    const calls = [
      ...Array.from({ length: 5 }, (_, i) => call(`2030-02-0${i + 1}T12:00:00+08:00`, '13900000001', 10)),
      call('2030-02-01T12:00:00+08:00', '13900000002', 500),
      call('2030-02-02T12:00:00+08:00', '13900000002', 500, 'incoming'),
      call('2030-02-01T12:00:00+08:00', '13900000003', 10),
      call('2030-02-02T12:00:00+08:00', '13900000003', 10),
      ...Array.from({ length: 12 }, (_, i) => call('2030-02-03T12:00:00+08:00', `1380000${String(i).padStart(4, '0')}`, 5)),
    ];
    const report = buildReport(
      'ses_1',
      'rong360',
      '2030-03-02T00:00:00.000Z',
      data({ calls, sms: [sms('2030-02-09T12:00:00+08:00', '13900000002'), sms('2030-02-09T12:00:00+08:00', '95588', 'received')] }),
    );
    expect(report.topContacts).toHaveLength(TOP_CONTACTS);
    expect(report.topContacts.slice(0, 3)).toEqual([
      { peer: '13900000001', calls: 5, outgoing: 5, incoming: 0, seconds: 50, sms: 0, nightCalls: 0, lastAt: '2030-02-05T04:00:00.000Z' },
      { peer: '13900000002', calls: 2, outgoing: 1, incoming: 1, seconds: 1000, sms: 1, nightCalls: 0, lastAt: '2030-02-09T04:00:00.000Z' },
      { peer: '13900000003', calls: 2, outgoing: 2, incoming: 0, seconds: 20, sms: 0, nightCalls: 0, lastAt: '2030-02-02T04:00:00.000Z' },
    ]);
    // A number known only from SMS is counted as a contact but is not a top caller.
    expect(report.topContacts.some((c) => c.peer === '95588')).toBe(false);
    expect(report.totals.contacts).toBe(16);
  });

  it('gives the subscriber and the months since the number was opened', () => {
    const report = buildReport('ses_1', 'rong360', '2030-03-01T08:00:00.000Z', collectedData('rong360'));
    expect(report.subscriber).toMatchObject({
      idCardMasked: '1101********12',
      region: '北京',
      openDate: '2020-01-02',
      tenureMonths: 121,
      balanceFen: 1200,
    });
  });
});
