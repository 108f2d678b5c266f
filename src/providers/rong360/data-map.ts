import type { Bill, Call, CollectedData, DataList, Sms, Subscriber } from '../data-model';
import { carrierOfPhone, dedupeBy, newestFirst, recentMonths } from '../shared/data-normalize';
import { createFieldReader, isRecord } from '../shared/field-reader';
import type { FieldReader } from '../shared/field-reader';
import { BILL_FIELDS, CALLS_KEY, CALL_FIELDS, PEER_KEYS, SMS_FIELDS, SMS_KEY, USERDATA_FIELDS, flattenRecords } from './wire-data';
import type { GetdataLists } from './wire-data';
import { regionOfSource } from './provinces';
import { idCardMaskingOf } from '../shared/id-card';

// getdata (document §5) into the provider-neutral model. Vendor codes stop here. Every value is
// read on its own: an unreadable one is null and counted; a record without its time is skipped.

/** How many Beijing months the missing-month lists look back over. */
export const MISSING_MONTHS_WINDOW = 6;

const CALL_DIRECTION = { '1': 'outgoing', '2': 'incoming', '3': 'unknown' } as const;
const ROAMING = { '1': 'local', '2': 'domestic_roaming', '3': 'other' } as const;
const SMS_DIRECTION = { '1': 'sent', '2': 'received', '3': 'unknown' } as const;

const has = (item: Record<string, unknown>, ...keys: string[]) => keys.some((key) => item[key] !== undefined);
/** The other party, under either spelling of §5.2 and §5.3. */
const peerOf = (item: Record<string, unknown>) => item[PEER_KEYS[0]] ?? item[PEER_KEYS[1]];

function subscriber(items: readonly unknown[], phone: string, read: FieldReader): Subscriber {
  // Several data_list entries may each carry userdata: the first value given for each field wins.
  const first = (key: string): unknown => items.filter(isRecord).find((item) => item[key] !== undefined && item[key] !== '')?.[key];
  for (const item of items) if (!isRecord(item)) read.miss('subscriber');
  const source = regionOfSource(read.text(first(USERDATA_FIELDS.source), 'subscriber.region') ?? undefined);
  const idCard = read.text(first(USERDATA_FIELDS.idCard), 'subscriber.idCard');
  return {
    phone: read.text(first(USERDATA_FIELDS.phone), 'subscriber.phone'),
    name: read.text(first(USERDATA_FIELDS.name), 'subscriber.name'),
    idCard,
    idCardMasking: idCardMaskingOf(idCard),
    address: read.text(first(USERDATA_FIELDS.address), 'subscriber.address'),
    openDate: null,
    carrier: source.carrier ?? carrierOfPhone(phone),
    region: source.region,
    balanceFen: read.fen(first(USERDATA_FIELDS.balance), 'subscriber.balanceFen'),
  };
}

function calls(items: readonly unknown[], read: FieldReader): { calls: Call[]; skipped: number } {
  const isCall = (item: Record<string, unknown>) => has(item, CALL_FIELDS.time, CALL_FIELDS.duration, ...PEER_KEYS);
  const { records, unreadable } = flattenRecords(items, CALLS_KEY, isCall);
  let skipped = unreadable;
  const out: Call[] = [];
  for (const record of records) {
    // Without its time or duration a call says nothing: skipped, counted, kept in the raw payload.
    const time = read.time(record[CALL_FIELDS.time], 'calls[].time');
    const duration = read.seconds(record[CALL_FIELDS.duration], 'calls[].durationSeconds');
    if (time === null || duration === null) {
      skipped++;
      continue;
    }
    out.push({
      time,
      durationSeconds: duration,
      direction: read.code(record[CALL_FIELDS.direction], 'calls[].direction', CALL_DIRECTION) ?? 'unknown',
      directionText: null,
      peer: read.text(peerOf(record), 'calls[].peer') ?? '',
      place: read.text(record[CALL_FIELDS.place], 'calls[].place'),
      peerPlace: null,
      roaming: read.code(record[CALL_FIELDS.roaming], 'calls[].roaming', ROAMING),
      costFen: null,
      carrierType: null,
    });
  }
  // Repeated keys and nested copies bring the same record more than once (document §4.4).
  const unique = dedupeBy(out, (c) => `${c.time}|${c.peer}|${c.durationSeconds}|${c.direction}`);
  return { calls: newestFirst(unique), skipped };
}

function sms(items: readonly unknown[], read: FieldReader): { sms: Sms[]; skipped: number } {
  const { records, unreadable } = flattenRecords(items, SMS_KEY, (item) => has(item, SMS_FIELDS.time, ...PEER_KEYS));
  let skipped = unreadable;
  const out: Sms[] = [];
  for (const record of records) {
    const time = read.time(record[SMS_FIELDS.time], 'sms[].time');
    if (time === null) {
      skipped++;
      continue;
    }
    out.push({
      time,
      direction: read.code(record[SMS_FIELDS.direction], 'sms[].direction', SMS_DIRECTION) ?? 'unknown',
      peer: read.text(peerOf(record), 'sms[].peer') ?? '',
    });
  }
  const unique = dedupeBy(out, (m) => `${m.time}|${m.peer}|${m.direction}`);
  return { sms: newestFirst(unique), skipped };
}

const NO_BREAKDOWN = {
  packageFen: null,
  extraCallsFen: null,
  extraDataFen: null,
  extraSmsFen: null,
  valueAddedFen: null,
  collectedForOthersFen: null,
  otherFen: null,
};

function bills(items: readonly unknown[], read: FieldReader): { bills: Bill[]; skipped: number } {
  const isBill = (item: Record<string, unknown>) => has(item, BILL_FIELDS.month, BILL_FIELDS.total);
  const { records, unreadable } = flattenRecords(items, 'billdata', isBill);
  let skipped = unreadable;
  const out: Bill[] = [];
  for (const record of records) {
    const month = read.month(record[BILL_FIELDS.month], 'bills[].month');
    if (month === null) {
      skipped++;
      continue;
    }
    out.push({ month, totalFen: read.fen(record[BILL_FIELDS.total], 'bills[].totalFen'), breakdown: NO_BREAKDOWN });
  }
  const unique = dedupeBy(out, (b) => b.month);
  return { bills: unique.sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0)), skipped };
}

/**
 * Months of the window with no record at all. Calls and SMS look at the current month and the five
 * before it; bills at the six months before the current one, which no carrier has billed yet.
 */
function missing(months: readonly string[], window: readonly string[]): string[] {
  const seen = new Set(months);
  return window.filter((month) => !seen.has(month));
}

export interface NormalizeOptions {
  /** The fetch time (for the missing months). */
  now: number;
  phone: string;
  /** Our user_id and the crawl's status_id, as the collection knows them. */
  userId?: string;
  taskId?: string;
}

/** The normalized model of one landed getdata answer. */
export function normalizeGetdata(lists: GetdataLists, options: NormalizeOptions): CollectedData {
  const read = createFieldReader();
  const c = calls(lists.teldata, read);
  const m = sms(lists.msgdata, read);
  const b = bills(lists.billdata, read);
  const recent = recentMonths(options.now, MISSING_MONTHS_WINDOW);
  const absentLists: DataList[] = [];
  if (!lists.present.teldata) absentLists.push('calls');
  if (!lists.present.msgdata) absentLists.push('sms');
  if (!lists.present.billdata) absentLists.push('bills');
  return {
    provider: 'rong360',
    // getdata echoes neither id: the ones the crawl was started under. A login completed without
    // status_id is known by the user_id alone (see the adapter).
    upstream: {
      taskId: options.taskId !== undefined && options.taskId !== options.userId ? options.taskId : null,
      userId: options.userId ?? null,
    },
    subscriber: subscriber(lists.userdata, options.phone, read),
    calls: c.calls,
    sms: m.sms,
    bills: b.bills,
    missingMonths: {
      calls: missing(
        c.calls.map((call) => call.time.slice(0, 7)),
        recent,
      ),
      callsPossibly: [],
      sms: missing(
        m.sms.map((s) => s.time.slice(0, 7)),
        recent,
      ),
      bills: missing(
        b.bills.map((bill) => bill.month),
        recentMonths(options.now, MISSING_MONTHS_WINDOW, 1),
      ),
    },
    absentLists,
    skipped: { calls: c.skipped, sms: m.skipped, bills: b.skipped },
    unreadable: read.unreadable,
    report: null,
    collectionScore: null,
    numberTags: null,
  };
}
