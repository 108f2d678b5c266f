import type { Bill, Call, CollectedData, DataList, Subscriber } from '../data-model';
import { carrierOfPhone, dedupeBy, newestFirst } from '../shared/data-normalize';
import { createFieldReader, isRecord, readItems } from '../shared/field-reader';
import type { FieldReader, Json } from '../shared/field-reader';
import { idCardMaskingOf } from '../shared/id-card';
import { UpstreamError } from '../upstream-error';

// calls/record (document §13) into the provider-neutral model. Vendor words stop here. Every value
// is read on its own: an unreadable one is null and counted; a call without its time is skipped.

const DIRECTION: Readonly<Record<string, Call['direction']>> = { 主叫: 'outgoing', 被叫: 'incoming' };

/** Roaming from the carrier's own words: only a 漫游 call roams; abroad or 港澳台 is `other`. */
function roamingOf(callType: string | null): Call['roaming'] {
  if (callType === null) return null;
  if (!callType.includes('漫游')) return 'local';
  return /国际|港澳台|港澳|台湾|境外/.test(callType) ? 'other' : 'domestic_roaming';
}

function subscriber(telInfo: Json | null, phone: string | null, fallbackPhone: string, read: FieldReader): Subscriber {
  const t = telInfo ?? {};
  const idCard = read.text(t['id_card'], 'subscriber.idCard');
  return {
    phone,
    name: read.text(t['full_name'], 'subscriber.name'),
    idCard,
    idCardMasking: idCardMaskingOf(idCard),
    address: read.text(t['address'], 'subscriber.address'),
    openDate: read.date(t['open_date'], 'subscriber.openDate'),
    carrier: carrierOfPhone(phone ?? fallbackPhone),
    region: null,
    balanceFen: null,
  };
}

function calls(value: unknown, read: FieldReader): { calls: Call[]; skipped: number } {
  let skipped = 0;
  const out: Call[] = [];
  const items = readItems(read, value, 'calls', (item) => item);
  skipped += read.unreadable['calls[]'] ?? 0;
  for (const c of items) {
    const time = read.time(c['call_time'], 'calls[].time');
    const duration = read.seconds(c['call_duration'], 'calls[].durationSeconds');
    if (time === null || duration === null) {
      skipped++;
      continue;
    }
    const method = read.text(c['call_method'], 'calls[].directionText');
    const callType = read.text(c['call_type'], 'calls[].carrierType');
    out.push({
      time,
      durationSeconds: duration,
      direction: (method !== null && Object.hasOwn(DIRECTION, method) ? DIRECTION[method] : undefined) ?? 'unknown',
      directionText: method,
      peer: read.text(c['call_tel'], 'calls[].peer') ?? '',
      place: read.text(c['call_from'], 'calls[].place'),
      peerPlace: read.text(c['call_to'], 'calls[].peerPlace'),
      roaming: roamingOf(callType),
      costFen: read.fen(c['call_cost'], 'calls[].costFen'),
      carrierType: callType,
    });
  }
  const unique = dedupeBy(out, (c) => `${c.time}|${c.peer}|${c.durationSeconds}|${c.direction}`);
  return { calls: newestFirst(unique), skipped };
}

function bills(value: unknown, read: FieldReader): { bills: Bill[]; skipped: number } {
  let skipped = 0;
  const out: Bill[] = [];
  const items = readItems(read, value, 'bills', (item) => item);
  skipped += read.unreadable['bills[]'] ?? 0;
  for (const b of items) {
    const month = read.month(b['bill_month'], 'bills[].month');
    if (month === null) {
      skipped++;
      continue;
    }
    const fen = (key: string, field: string) => read.fen(b[key], `bills[].breakdown.${field}`);
    out.push({
      month,
      totalFen: read.fen(b['bill_amount'], 'bills[].totalFen'),
      breakdown: {
        packageFen: fen('bill_package', 'packageFen'),
        extraCallsFen: fen('bill_ext_calls', 'extraCallsFen'),
        extraDataFen: fen('bill_ext_data', 'extraDataFen'),
        extraSmsFen: fen('bill_ext_sms', 'extraSmsFen'),
        valueAddedFen: fen('bill_zengzhifei', 'valueAddedFen'),
        collectedForOthersFen: fen('bill_daishoufei', 'collectedForOthersFen'),
        otherFen: fen('bill_qita', 'otherFen'),
      },
    });
  }
  const unique = dedupeBy(out, (b) => b.month);
  return { bills: unique.sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0)), skipped };
}

/** A vendor month list (yyyymm) as `YYYY-MM`, newest first; unreadable entries counted. */
export function monthList(value: unknown, path: string, read: FieldReader): string[] {
  const months = read
    .list(value, path)
    .map((month) => read.month(month, `${path}[]`))
    .filter((month): month is string => month !== null);
  return [...new Set(months)].sort().reverse();
}

/**
 * A key as §15.5 sometimes writes it, with spaces around (`" call_log_missing_month_list "`): the
 * value under the exact key, else under the same key padded.
 */
export function padded(data: Json, key: string): unknown {
  if (data[key] !== undefined) return data[key];
  const found = Object.keys(data).find((k) => k.trim() === key);
  return found === undefined ? undefined : data[found];
}

/** The normalized model of calls/record's `data` (also the §14 result push's). Throws UpstreamError when it is no object. */
export function normalizeRecord(data: unknown, options: { phone: string }): CollectedData {
  if (!isRecord(data)) throw new UpstreamError('invalid', 'calls/record data is not an object');
  const read = createFieldReader();
  const c = calls(padded(data, 'call_log'), read);
  const b = bills(padded(data, 'bill'), read);
  const absentLists: DataList[] = ['sms'];
  if (padded(data, 'call_log') === undefined || padded(data, 'call_log') === null) absentLists.unshift('calls');
  if (padded(data, 'bill') === undefined || padded(data, 'bill') === null) absentLists.push('bills');
  const tel = read.text(padded(data, 'tel'), 'subscriber.phone');
  return {
    provider: 'dianhua',
    upstream: { taskId: read.text(padded(data, 'sid'), 'upstream.taskId'), userId: read.text(padded(data, 'uid'), 'upstream.userId') },
    subscriber: subscriber(read.object(padded(data, 'tel_info'), 'subscriber'), tel, options.phone, read),
    calls: c.calls,
    // calls/record has no SMS; there is no SMS list to call missing either.
    sms: [],
    bills: b.bills,
    missingMonths: {
      calls: monthList(padded(data, 'call_log_missing_month_list'), 'missingMonths.calls', read),
      callsPossibly: monthList(padded(data, 'call_log_possibly_missing_month_list'), 'missingMonths.callsPossibly', read),
      sms: [],
      bills: monthList(padded(data, 'phone_bill_missing_month_list'), 'missingMonths.bills', read),
    },
    absentLists,
    skipped: { calls: c.skipped, sms: 0, bills: b.skipped },
    unreadable: read.unreadable,
    report: null,
    collectionScore: null,
    numberTags: null,
  };
}
