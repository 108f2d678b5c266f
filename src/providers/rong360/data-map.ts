import type { Bill, Call, CollectedData, Sms, Subscriber } from '../data-model';
import {
  beijingIso,
  carrierOfPhone,
  dedupeBy,
  durationSeconds,
  maskIdCardKeep,
  newestFirst,
  normalizeMonth,
  recentMonths,
  textOrNull,
  yuanToFen,
} from '../shared/data-normalize';
import { BillRecordSchema, MsgRecordSchema, TelRecordSchema, UserdataSchema, flattenRecords } from './data-wire';
import type { GetdataLists, Rong360Userdata } from './data-wire';
import { regionOfSource } from './provinces';

// getdata (document §5) into the provider-neutral model. Vendor codes stop here.

/** How many Beijing months the missing-month lists look back over. */
export const MISSING_MONTHS_WINDOW = 6;

const CALL_DIRECTION = { '1': 'outgoing', '2': 'incoming' } as const;
const ROAMING = { '1': 'local', '2': 'domestic_roaming', '3': 'other' } as const;
const SMS_DIRECTION = { '1': 'sent', '2': 'received' } as const;

function pick<T extends string>(table: Readonly<Record<string, T>>, code: string | undefined): T | undefined {
  return code !== undefined && Object.hasOwn(table, code) ? table[code] : undefined;
}

const has = (item: Record<string, unknown>, ...keys: string[]) => keys.some((key) => item[key] !== undefined);

function subscriber(items: readonly unknown[], phone: string): Subscriber {
  // Several data_list entries may each carry userdata: the first non-empty value of each field wins.
  const merged: Partial<Rong360Userdata> = {};
  for (const item of items) {
    const parsed = UserdataSchema.safeParse(item);
    if (!parsed.success) continue;
    for (const [key, value] of Object.entries(parsed.data)) {
      if (value !== undefined && merged[key] === undefined) merged[key] = value;
    }
  }
  const source = regionOfSource(merged.user_source);
  return {
    name: textOrNull(merged.real_name),
    idCardMasked: maskIdCardKeep(merged.id_card),
    address: textOrNull(merged.addr),
    openDate: null,
    carrier: source.carrier ?? carrierOfPhone(phone),
    region: source.region,
    balanceFen: yuanToFen(merged.phone_remain),
  };
}

function calls(items: readonly unknown[]): { calls: Call[]; skipped: number } {
  const { records, unreadable } = flattenRecords(items, 'teldata', (item) => has(item, 'call_time', 'trade_time', 'receive_phone'));
  let skipped = unreadable;
  const out: Call[] = [];
  for (const record of records) {
    const parsed = TelRecordSchema.safeParse(record);
    const time = parsed.success ? beijingIso(parsed.data.call_time) : undefined;
    const duration = parsed.success ? durationSeconds(parsed.data.trade_time) : undefined;
    if (!parsed.success || time === undefined || duration === undefined) {
      skipped++;
      continue;
    }
    out.push({
      time,
      durationSeconds: duration,
      direction: pick(CALL_DIRECTION, parsed.data.call_type) ?? 'unknown',
      peer: parsed.data.receive_phone ?? '',
      place: parsed.data.trade_addr ?? null,
      peerPlace: null,
      roaming: pick(ROAMING, parsed.data.trade_type) ?? null,
      costFen: null,
      carrierType: null,
    });
  }
  // Repeated keys and nested copies bring the same record more than once (document §4.4).
  const unique = dedupeBy(out, (c) => `${c.time}|${c.peer}|${c.durationSeconds}|${c.direction}`);
  return { calls: newestFirst(unique), skipped };
}

function sms(items: readonly unknown[]): { sms: Sms[]; skipped: number } {
  const { records, unreadable } = flattenRecords(items, 'msgdata', (item) => has(item, 'send_time', 'receiver_phone'));
  let skipped = unreadable;
  const out: Sms[] = [];
  for (const record of records) {
    const parsed = MsgRecordSchema.safeParse(record);
    const time = parsed.success ? beijingIso(parsed.data.send_time) : undefined;
    if (!parsed.success || time === undefined) {
      skipped++;
      continue;
    }
    out.push({ time, direction: pick(SMS_DIRECTION, parsed.data.trade_way) ?? 'unknown', peer: parsed.data.receiver_phone ?? '' });
  }
  const unique = dedupeBy(out, (m) => `${m.time}|${m.peer}|${m.direction}`);
  return { sms: newestFirst(unique), skipped };
}

function bills(items: readonly unknown[]): { bills: Bill[]; skipped: number } {
  const { records, unreadable } = flattenRecords(items, 'billdata', (item) => has(item, 'month', 'call_pay'));
  let skipped = unreadable;
  const out: Bill[] = [];
  for (const record of records) {
    const parsed = BillRecordSchema.safeParse(record);
    const month = parsed.success ? normalizeMonth(parsed.data.month) : undefined;
    if (!parsed.success || month === undefined) {
      skipped++;
      continue;
    }
    const breakdown = {
      packageFen: null,
      extraCallsFen: null,
      extraDataFen: null,
      extraSmsFen: null,
      valueAddedFen: null,
      collectedForOthersFen: null,
      otherFen: null,
    };
    out.push({ month, totalFen: yuanToFen(parsed.data.call_pay), breakdown });
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

/** The normalized model of one landed getdata answer. `now` is the fetch time (for the missing months). */
export function normalizeGetdata(lists: GetdataLists, options: { now: number; phone: string }): CollectedData {
  const c = calls(lists.teldata);
  const m = sms(lists.msgdata);
  const b = bills(lists.billdata);
  const recent = recentMonths(options.now, MISSING_MONTHS_WINDOW);
  return {
    provider: 'rong360',
    subscriber: subscriber(lists.userdata, options.phone),
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
    skipped: { calls: c.skipped, sms: m.skipped, bills: b.skipped },
  };
}
