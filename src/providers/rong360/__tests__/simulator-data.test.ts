import { describe, expect, it } from 'vitest';
import { CollectedDataSchema } from '../../data-model';
import { normalizeGetdata } from '../data-map';
import { getdataLists, readDataAnswer } from '../wire-data';
import { GETDATA_LANDING_MS, SIM_BILL_MONTHS, SIM_CALLS, SIM_SMS, rong360GetdataBody } from '../simulator-data';
import { SANDBOX_ID_CARD } from '../sandbox';

// 2025-06-20 10:00 in Beijing.
const NOW = Date.parse('2025-06-20T02:00:00Z');
const who = { phone: '13800138000', userId: 'user-42', now: NOW, doneAt: NOW - 60_000 };

function normalize(body: string, phone = who.phone) {
  const answer = readDataAnswer(body);
  expect(answer.code).toBe(200);
  return CollectedDataSchema.parse(normalizeGetdata(getdataLists(answer.payload), { now: NOW, phone }));
}

describe('Rong360 simulator getdata body', () => {
  it('has an empty data_list while the data is landing', () => {
    const body = rong360GetdataBody({ ...who, doneAt: NOW - GETDATA_LANDING_MS + 1 });
    expect(getdataLists(readDataAnswer(body).payload).landed).toBe(false);
  });

  it('round-trips through the reader and the normalizer once landed', () => {
    const data = normalize(rong360GetdataBody(who));
    expect(data.calls).toHaveLength(SIM_CALLS);
    expect(data.sms).toHaveLength(SIM_SMS);
    expect(data.bills).toHaveLength(SIM_BILL_MONTHS);
    expect(data.skipped).toEqual({ calls: 0, sms: 0, bills: 0 });
    expect(data.subscriber).toMatchObject({
      carrier: 'china_mobile',
      region: '北京',
      name: '张三',
      idCard: SANDBOX_ID_CARD,
      phone: '13800138000',
    });
    expect(data.absentLists).toEqual([]);
    expect(data.unreadable).toEqual({});
    expect(data.subscriber.balanceFen).toBeGreaterThan(0);
    // Calls cover about the last three months (back to late March); bills the six months before June.
    expect(data.missingMonths.calls).toEqual(['2025-02', '2025-01']);
    expect(data.missingMonths.sms).toEqual(['2025-03', '2025-02', '2025-01']);
    expect(data.missingMonths.bills).toEqual([]);
    expect(data.calls.some((call) => call.durationSeconds >= 60)).toBe(true);
    expect(data.calls.every((call) => Date.parse(call.time) < NOW && Date.parse(call.time) > NOW - 92 * 86_400_000)).toBe(true);
  });

  it('repeats teldata in one object like the document, so plain JSON.parse loses calls', () => {
    const body = rong360GetdataBody(who);
    expect(body.match(/"teldata":/g)?.length).toBeGreaterThan(2);
    const plain = JSON.parse(body) as { wd_api_mobilephone_getdata_response: unknown };
    const lists = getdataLists(plain.wd_api_mobilephone_getdata_response);
    expect(normalizeGetdata(lists, { now: NOW, phone: who.phone }).calls.length).toBeLessThan(SIM_CALLS);
  });

  it('is deterministic for a phone and differs between phones', () => {
    expect(rong360GetdataBody(who)).toBe(rong360GetdataBody(who));
    expect(rong360GetdataBody({ ...who, phone: '18900138005' })).not.toBe(rong360GetdataBody(who));
    const telecom = normalize(rong360GetdataBody({ ...who, phone: '18900138005' }), '18900138005');
    expect(telecom.subscriber).toMatchObject({ carrier: 'china_telecom', region: '广西' });
  });
});
