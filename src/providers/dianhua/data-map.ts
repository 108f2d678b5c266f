import * as z from 'zod';
import type { Bill, Call, CollectedData, Subscriber } from '../data-model';
import {
  beijingDate,
  beijingIso,
  carrierOfPhone,
  dedupeBy,
  durationSeconds,
  maskIdCardKeep,
  newestFirst,
  normalizeMonth,
  textOf,
  yuanToFen,
} from '../shared/data-normalize';
import { BillRecordSchema, CallRecordSchema, RecordDataSchema } from './wire-data';
import { TextSchema, parseData } from './wire';

// calls/record (document §13) into the provider-neutral model. Vendor words stop here.

/**
 * The record with its lists unchecked: each call, bill and month is read on its own, so one odd
 * item is skipped and counted instead of failing the whole answer.
 */
const TolerantRecordSchema = RecordDataSchema.extend({
  call_log: z
    .array(z.unknown())
    .nullish()
    .transform((value) => value ?? []),
  bill: z
    .array(z.unknown())
    .nullish()
    .transform((value) => value ?? []),
  tel_info: z.unknown().optional(),
  call_log_missing_month_list: z.unknown().optional(),
  call_log_possibly_missing_month_list: z.unknown().optional(),
  phone_bill_missing_month_list: z.unknown().optional(),
});

const TelInfoSchema = z.looseObject({ id_card: TextSchema, full_name: TextSchema, address: TextSchema, open_date: TextSchema });

/** What Dianhua writes where the carrier withheld a value (§15.5: "运营商未透露"). */
const WITHHELD = new Set(['运营商未透露', '未知', '暂无数据']);
const revealed = (value: unknown): string | null => {
  const text = textOf(value);
  return text === undefined || WITHHELD.has(text) ? null : text;
};

const DIRECTION: Readonly<Record<string, Call['direction']>> = { 主叫: 'outgoing', 被叫: 'incoming' };

/** Roaming from the carrier's own words: only a 漫游 call roams; abroad or 港澳台 is `other`. */
function roamingOf(callType: string | undefined): Call['roaming'] {
  if (callType === undefined) return null;
  if (!callType.includes('漫游')) return 'local';
  return /国际|港澳台|港澳|台湾|境外/.test(callType) ? 'other' : 'domestic_roaming';
}

function subscriber(telInfo: unknown, phone: string): Subscriber {
  const info = TelInfoSchema.safeParse(telInfo);
  const t: Partial<z.infer<typeof TelInfoSchema>> = info.success ? info.data : {};
  return {
    name: revealed(t.full_name),
    idCardMasked: maskIdCardKeep(revealed(t.id_card)),
    address: revealed(t.address),
    openDate: beijingDate(t.open_date) ?? null,
    carrier: carrierOfPhone(phone),
    region: null,
    balanceFen: null,
  };
}

function calls(items: readonly unknown[]): { calls: Call[]; skipped: number } {
  let skipped = 0;
  const out: Call[] = [];
  for (const item of items) {
    const parsed = CallRecordSchema.safeParse(item);
    const time = parsed.success ? beijingIso(parsed.data.call_time) : undefined;
    const duration = parsed.success ? durationSeconds(parsed.data.call_duration) : undefined;
    if (!parsed.success || time === undefined || duration === undefined) {
      skipped++;
      continue;
    }
    const c = parsed.data;
    out.push({
      time,
      durationSeconds: duration,
      direction:
        (c.call_method !== undefined && Object.hasOwn(DIRECTION, c.call_method) ? DIRECTION[c.call_method] : undefined) ?? 'unknown',
      peer: c.call_tel ?? '',
      place: c.call_from ?? null,
      peerPlace: c.call_to ?? null,
      roaming: roamingOf(c.call_type),
      costFen: yuanToFen(c.call_cost),
      carrierType: c.call_type ?? null,
    });
  }
  const unique = dedupeBy(out, (c) => `${c.time}|${c.peer}|${c.durationSeconds}|${c.direction}`);
  return { calls: newestFirst(unique), skipped };
}

function bills(items: readonly unknown[]): { bills: Bill[]; skipped: number } {
  let skipped = 0;
  const out: Bill[] = [];
  for (const item of items) {
    const parsed = BillRecordSchema.safeParse(item);
    const month = parsed.success ? normalizeMonth(parsed.data.bill_month) : undefined;
    if (!parsed.success || month === undefined) {
      skipped++;
      continue;
    }
    const b = parsed.data;
    out.push({
      month,
      totalFen: yuanToFen(b.bill_amount),
      breakdown: {
        packageFen: yuanToFen(b.bill_package),
        extraCallsFen: yuanToFen(b.bill_ext_calls),
        extraDataFen: yuanToFen(b.bill_ext_data),
        extraSmsFen: yuanToFen(b.bill_ext_sms),
        valueAddedFen: yuanToFen(b.bill_zengzhifei),
        collectedForOthersFen: yuanToFen(b.bill_daishoufei),
        otherFen: yuanToFen(b.bill_qita),
      },
    });
  }
  const unique = dedupeBy(out, (b) => b.month);
  return { bills: unique.sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0)), skipped };
}

/** A vendor month list (yyyymm) as `YYYY-MM`, newest first; unreadable entries dropped. */
function months(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [];
  const read = list.map(normalizeMonth).filter((month): month is string => month !== undefined);
  return [...new Set(read)].sort().reverse();
}

/** The normalized model of calls/record's `data` (also the §14 result push's). Throws UpstreamError on a wrong shape. */
export function normalizeRecord(data: unknown, options: { phone: string }): CollectedData {
  const record = parseData(TolerantRecordSchema, data);
  const c = calls(record.call_log);
  const b = bills(record.bill);
  return {
    provider: 'dianhua',
    subscriber: subscriber(record.tel_info, record.tel ?? options.phone),
    calls: c.calls,
    // calls/record has no SMS; there is no SMS list to call missing either.
    sms: [],
    bills: b.bills,
    missingMonths: {
      calls: months(record.call_log_missing_month_list),
      callsPossibly: months(record.call_log_possibly_missing_month_list),
      sms: [],
      bills: months(record.phone_bill_missing_month_list),
    },
    skipped: { calls: c.skipped, sms: 0, bills: b.skipped },
  };
}
