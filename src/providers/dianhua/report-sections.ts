import type { BillBreakdown } from '../model-base';
import type { CallReport } from '../report-model';
import { COLLECTION_VERDICTS, REGION_CHECKS, RISK_LEVELS, YES_NO_UNKNOWN } from '../report-model';
import { isRecord, readItems } from '../shared/field-reader';
import type { FieldReader, Json } from '../shared/field-reader';

// The larger sections of calls/report (document §15.4), read value by value like the rest of it.

type R = FieldReader;
/** A code table of values by their index (the report's 0, 1, 2, 3 codes). */
export const table = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((value, i) => [String(i), value])) as Record<string, T>;
const REGION = table(REGION_CHECKS);
const YES_NO = table(YES_NO_UNKNOWN);
const RISK = table(RISK_LEVELS);
const VERDICT = table(COLLECTION_VERDICTS);

/** An object at `path`, or an empty one (a value that is no object is counted). */
export const obj = (read: R, value: unknown, path: string): Json => read.object(value, path) ?? {};

/** The debt statistics of §15.4 (`7day_times` ... as written), with `toValue` reading each. */
function debtStats<T>(stats: Json, toValue: (value: unknown, key: string) => T) {
  return {
    numbers: toValue(stats['nums_tel'], 'numbers'),
    calls: toValue(stats['call_times'], 'calls'),
    incomingCalls: toValue(stats['call_in_times'], 'incomingCalls'),
    incomingSeconds: toValue(stats['call_in_length'], 'incomingSeconds'),
    incomingUnder15s: toValue(stats['call_in_less_15'], 'incomingUnder15s'),
    mostCallsFromOneNumber: toValue(stats['most_times_by_tel'], 'mostCallsFromOneNumber'),
    numbersCallingTwiceOrMore: toValue(stats['up_2_times_by_tel'], 'numbersCallingTwiceOrMore'),
    outgoingCalls: toValue(stats['call_out_times'], 'outgoingCalls'),
    outgoingSeconds: toValue(stats['call_out_length'], 'outgoingSeconds'),
    callsLast7Days: toValue(stats['7day_times'], 'callsLast7Days'),
    callsDays7To30: toValue(stats['30day_times'], 'callsDays7To30'),
    callsDays30To60: toValue(stats['60day_times'], 'callsDays30To60'),
    callsDays60To90: toValue(stats['90day_times'], 'callsDays60To90'),
    callsDays90To120: toValue(stats['120day_times'], 'callsDays90To120'),
  };
}

export function debtCollection(read: R, value: unknown): CallReport['debtCollection'] {
  const d = obj(read, value, 'report.debtCollection');
  const stats = (key: string, path: string) => {
    const s = obj(read, d[key], path);
    return debtStats(s, (v, k) => read.int(v, `${path}.${k}`));
  };
  const levels = (key: string, path: string) => {
    const s = obj(read, d[key], path);
    return debtStats(s, (v, k) => read.code(v, `${path}.${k}`, RISK));
  };
  return {
    verdict: read.code(d['detection_result'], 'report.debtCollection.verdict', VERDICT),
    numbers: read.int(d['total_tels'], 'report.debtCollection.numbers'),
    calls: read.int(d['total_call_times'], 'report.debtCollection.calls'),
    incomingCalls: read.int(d['total_call_in_times'], 'report.debtCollection.incomingCalls'),
    outgoingCalls: read.int(d['total_call_out_times'], 'report.debtCollection.outgoingCalls'),
    known: stats('cuishou', 'report.debtCollection.known'),
    knownRisk: levels('cuishou_degree', 'report.debtCollection.knownRisk'),
    suspected: stats('yisicuishou', 'report.debtCollection.suspected'),
    suspectedRisk: levels('yisicuishou_degree', 'report.debtCollection.suspectedRisk'),
  };
}

export function overview(read: R, value: unknown): CallReport['overview'] {
  const o = obj(read, value, 'report.overview');
  const p = 'report.overview';
  return {
    mostActiveRegion: read.text(o['most_active_region'], `${p}.mostActiveRegion`),
    mostActiveRegionShare: read.num(o['result_of_region_check'], `${p}.mostActiveRegionShare`),
    regionCheck: read.code(o['conclusion_of_region_check'], `${p}.regionCheck`, REGION),
    homeRegion: read.text(o['tel_region'], `${p}.homeRegion`),
    mostContactedRegion: read.text(o['most_contacted_region'], `${p}.mostContactedRegion`),
    silentPeriods180Days: read.int(o['blank_times_count_180'], `${p}.silentPeriods180Days`),
    silentPeriods: read.int(o['blank_times_count'], `${p}.silentPeriods`),
    longestSilenceHours: read.int(o['blank_times_count_max'], `${p}.longestSilenceHours`),
    // §15.4: [start, end, hours] triples.
    silences: read.list(o['blank_times_list'], `${p}.silences`).flatMap((item) => {
      if (!Array.isArray(item)) {
        read.miss(`${p}.silences[]`);
        return [];
      }
      const [start, end, hours] = item as unknown[];
      return [
        {
          start: read.time(start, `${p}.silences[].start`),
          end: read.time(end, `${p}.silences[].end`),
          hours: read.int(hours, `${p}.silences[].hours`),
        },
      ];
    }),
    nightCallSeconds: read.int(o['night_calls_length'], `${p}.nightCallSeconds`),
    nightCallShare: read.num(o['night_calls_percent'], `${p}.nightCallShare`),
    eveningCallSeconds: read.int(o['evening_calls_length'], `${p}.eveningCallSeconds`),
    eveningCallShare: read.num(o['evening_calls_percent'], `${p}.eveningCallShare`),
    mutualContacts: read.int(o['both_side_calls_count'], `${p}.mutualContacts`),
    mutualContactShare: read.num(o['both_side_calls_percent'], `${p}.mutualContactShare`),
    averageMonthlyBillFen: read.fen(o['phone_bill_average'], `${p}.averageMonthlyBillFen`),
    calls: read.int(o['call_times_sum'], `${p}.calls`),
    // §15.4's table describes call_region_sum as the count of numbers and call_tel_sum as the count
    // of regions; §15.5's example (6 numbers over 2 regions besides 全国) fits the names instead.
    distinctNumbers: read.int(o['call_tel_sum'], `${p}.distinctNumbers`),
    distinctRegions: read.int(o['call_region_sum'], `${p}.distinctRegions`),
  };
}

function breakdown(read: R, value: unknown, path: string): BillBreakdown | null {
  // §15.4 types month_bill_detail object/string: a string ("未出账单") is a note, not a breakdown.
  if (!isRecord(value)) return null;
  const fen = (key: string, field: keyof BillBreakdown) => read.fen(value[key], `${path}.${field}`);
  return {
    packageFen: fen('bill_package', 'packageFen'),
    extraCallsFen: fen('bill_ext_calls', 'extraCallsFen'),
    extraDataFen: fen('bill_ext_data', 'extraDataFen'),
    extraSmsFen: fen('bill_ext_sms', 'extraSmsFen'),
    valueAddedFen: fen('bill_zengzhifei', 'valueAddedFen'),
    collectedForOthersFen: fen('bill_daishoufei', 'collectedForOthersFen'),
    otherFen: fen('bill_qita', 'otherFen'),
  };
}

export function monthly(read: R, value: unknown): CallReport['monthly'] {
  const p = 'report.monthly[]';
  return readItems(read, value, 'report.monthly', (m) => {
    const amount = m['month_bill_amount'];
    const note = typeof amount === 'string' && amount.trim() !== '' && !/^-?[\d.,]+$/.test(amount.trim()) ? amount.trim() : null;
    return {
      month: read.month(m['month'], `${p}.month`),
      calls: read.int(m['call_times'], `${p}.calls`),
      seconds: read.int(m['call_length'], `${p}.seconds`),
      mostActiveRegion: read.text(m['month_active_most'], `${p}.mostActiveRegion`),
      billFen: note === null ? read.fen(amount, `${p}.billFen`) : null,
      billNote: note,
      breakdown: breakdown(read, m['month_bill_detail'], `${p}.breakdown`),
    };
  });
}

export function behavior(read: R, value: unknown): CallReport['behavior'] {
  const b = obj(read, value, 'report.behavior');
  const p = 'report.behavior';
  const used = obj(read, b['number_used'], `${p}.usage`);
  const usedFlags = obj(read, used['unnormal_flag'], `${p}.usage.abnormal`);
  const law = obj(read, b['law_dispute'], `${p}.legal`);
  const lawFlags = obj(read, law['unnormal_flag'], `${p}.legal.abnormal`);
  const flag = (from: Json, key: string, path: string) => read.bool(from[key], path);
  return {
    numberChecks: readItems(read, b['number_tags'], `${p}.numberChecks`, (t) => ({
      phone: read.text(t['tel'], `${p}.numberChecks[].phone`),
      role: read.text(t['call_tel_label'], `${p}.numberChecks[].role`),
      label: read.text(t['tags_label'], `${p}.numberChecks[].label`),
      labelCount: read.int(t['tags_label_times'], `${p}.numberChecks[].labelCount`),
      abnormal: read.bool(t['unnormal_flag'], `${p}.numberChecks[].abnormal`),
    })),
    numberChecksResult: read.text(b['result_num_tags'], `${p}.numberChecksResult`),
    usage: {
      carrier: read.text(used['telecom'], `${p}.usage.carrier`),
      openDate: read.date(used['open_date'], `${p}.usage.openDate`),
      silentPeriods30Days: read.int(used['blank_times_count_30'], `${p}.usage.silentPeriods30Days`),
      silentPeriods90Days: read.int(used['blank_times_count_90'], `${p}.usage.silentPeriods90Days`),
      silentPeriods180Days: read.int(used['blank_times_count_180'], `${p}.usage.silentPeriods180Days`),
      longestSilenceDays: read.int(used['blank_times_count_max'], `${p}.usage.longestSilenceDays`),
      monthsUnder10Yuan: read.int(used['amount_less_10_times'], `${p}.usage.monthsUnder10Yuan`),
      averageMonthlyBillFen: read.fen(used['phone_bill_average'], `${p}.usage.averageMonthlyBillFen`),
      monthsUnder10Calls: read.int(used['times_per_mon_10'], `${p}.usage.monthsUnder10Calls`),
      deliveryCalls: read.int(used['times_express_delivery'], `${p}.usage.deliveryCalls`),
      carrierServiceCalls: read.int(used['times_telecom'], `${p}.usage.carrierServiceCalls`),
      distinctNumbers: read.int(used['total_tels'], `${p}.usage.distinctNumbers`),
      activeRegionIsHome: read.code(used['active_region_check'], `${p}.usage.activeRegionIsHome`, YES_NO),
      abnormal: {
        longestSilence: flag(usedFlags, 'blank_times_count_max_flag', `${p}.usage.abnormal.longestSilence`),
        monthsUnder10Yuan: flag(usedFlags, 'amount_less_10_times_flag', `${p}.usage.abnormal.monthsUnder10Yuan`),
        silentPeriods30Days: flag(usedFlags, 'blank_times_count_30_flag', `${p}.usage.abnormal.silentPeriods30Days`),
        silentPeriods90Days: flag(usedFlags, 'blank_times_count_90_flag', `${p}.usage.abnormal.silentPeriods90Days`),
        monthsUnder10Calls: flag(usedFlags, 'times_per_mon_10_flag', `${p}.usage.abnormal.monthsUnder10Calls`),
        openDate: flag(usedFlags, 'open_date_flag', `${p}.usage.abnormal.openDate`),
        activeRegion: flag(usedFlags, 'active_region_check_flag', `${p}.usage.abnormal.activeRegion`),
      },
    },
    usageResult: read.text(b['result_num_used'], `${p}.usageResult`),
    legal: {
      lawyerCalls: read.int(law['times_lawyer'], `${p}.legal.lawyerCalls`),
      courtAndPoliceCalls: read.int(law['times_public_security_law'], `${p}.legal.courtAndPoliceCalls`),
      calls110: read.int(law['times_110'], `${p}.legal.calls110`),
      abnormal: {
        lawyerCalls: flag(lawFlags, 'times_lawyer_flag', `${p}.legal.abnormal.lawyerCalls`),
        courtAndPoliceCalls: flag(lawFlags, 'times_public_security_law_flag', `${p}.legal.abnormal.courtAndPoliceCalls`),
        calls110: flag(lawFlags, 'times_110_flag', `${p}.legal.abnormal.calls110`),
      },
    },
    // §15.4 puts result_law_dispute inside law_dispute; §15.5's example puts it beside it.
    legalResult: read.text(b['result_law_dispute'] ?? law['result_law_dispute'], `${p}.legalResult`),
  };
}
